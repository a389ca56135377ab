/**
 * Entry point: wires the store to the URL, IndexedDB and the training worker, renders
 * the app, probes WebGPU on the page (for the adapter banner and the Philox self-test)
 * and exposes the test API. The UI itself never touches the GPU. `/?bench=<flags>` shows
 * the benchmark page instead; its code, with TensorFlow.js, loads only there.
 */
import { createRoot } from 'react-dom/client';
import './ui/styles.css';
import { App } from './ui/App';
import { getDevice } from './engine/device';
import { philoxSelfTest } from './engine/selftest';
import { installStateTestApi, installTestApi, observeLongTasks } from './testing/api';
import { appStore } from './state/store';
import { startUrlSync } from './state/url';
import { startPersistence } from './state/persist';
import { createController } from './state/controller';
import { connectTrainer } from './ui/trainer-client';

// `/?bench=<flags>` is the benchmark page (npm run bench -- --browser), not the playground.
const benchFlags = new URLSearchParams(location.search).get('bench');
if (benchFlags !== null) void startBench(benchFlags);
else startPlayground();

/** Loads and shows the benchmark page; a failed load is told to the page and to `npm run bench -- --browser` (window.__bench). */
async function startBench(flags: string) {
  const root = createRoot(document.getElementById('root')!);
  try {
    const { BenchPage } = await import('./ui/BenchPage');
    root.render(<BenchPage flags={flags} />);
  } catch (e) {
    const error = `the benchmark page did not load: ${(e as Error).message}`;
    window.__bench = { log: [], error };
    root.render(<p role="alert" className="field-error">{error}</p>);
  }
}

/** Wires the store to the URL, IndexedDB and the training worker; renders the app. */
function startPlayground() {
  const longestTask = observeLongTasks();
  startUrlSync(appStore);
  const trainer = connectTrainer(appStore);
  const controller = createController(appStore, trainer.post);
  installStateTestApi(appStore, controller, longestTask);
  installTestApi({ killWorker: () => trainer.kill() });
  void startPersistence(appStore);

  createRoot(document.getElementById('root')!).render(<App controller={controller} />);

  getDevice('page').then(
    ({ device, adapterName }) => {
      installTestApi({ adapterName, philoxSelfTest: () => philoxSelfTest(device) });
      appStore.getState().setGpu({ state: 'ready', adapterName });
    },
    (e: Error) => {
      installTestApi({ adapterName: null, error: e.message });
      appStore.getState().setGpu({ state: 'missing', message: e.message });
    },
  );
}
