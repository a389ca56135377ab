/**
 * The page's WebGPU probe result (test ids 'gpu-status', 'adapter-name', 'gpu-missing'
 * are part of the e2e contract) and the training worker's state.
 */
import { useApp } from './use-app';

export function GpuBanner() {
  const gpu = useApp((s) => s.gpu);
  const worker = useApp((s) => s.worker);
  return (
    <div className="gpu">
      {gpu.state === 'probing' && <p data-testid="gpu-status">Looking for WebGPU…</p>}
      {gpu.state === 'ready' && (
        <p data-testid="gpu-status">
          WebGPU adapter: <strong data-testid="adapter-name">{gpu.adapterName}</strong>
        </p>
      )}
      {gpu.state === 'missing' && (
        <div role="alert" className="notice error" data-testid="gpu-missing">
          <strong>WebGPU is not available in this browser.</strong>
          <p>{gpu.message}</p>
        </div>
      )}
      <p className="meta" data-testid="worker-status" data-state={worker.state}>
        Trainer: {worker.state === 'starting' ? 'starting…' : worker.state === 'ready' ? 'ready' : worker.state === 'noWebGPU' ? (worker.cpuFallback ? 'CPU engine, small models (no WebGPU)' : 'no WebGPU') : 'unavailable'}
      </p>
    </div>
  );
}
