/** The page shell. It learns about the GPU only through the engine's probe result. */
export interface GpuStatus {
  state: 'probing' | 'ready' | 'missing';
  adapterName?: string;
  message?: string;
}

export function App({ gpu }: { gpu: GpuStatus }) {
  return (
    <main className="app">
      <header>
        <h1>Random Bases Playground</h1>
        <p>Train neural networks in low-dimensional random subspaces, on your own GPU.</p>
      </header>
      {gpu.state === 'probing' && <p data-testid="gpu-status">Looking for WebGPU…</p>}
      {gpu.state === 'ready' && (
        <p data-testid="gpu-status">
          WebGPU adapter: <strong data-testid="adapter-name">{gpu.adapterName}</strong>
        </p>
      )}
      {gpu.state === 'missing' && (
        <div role="alert" data-testid="gpu-missing">
          <strong>WebGPU is not available in this browser.</strong>
          <p>{gpu.message}</p>
        </div>
      )}
    </main>
  );
}
