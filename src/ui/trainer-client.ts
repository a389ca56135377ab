/**
 * The page's end of the worker protocol: starts the training worker, posts messages,
 * and feeds what comes back into the store, one batch per animation frame. If the
 * worker cannot start or never answers, the page shows why instead of crashing, and
 * runs started meanwhile fail with that message.
 */
import type { FromWorker, ToWorker } from '../train/protocol';
import { applyEvents } from '../state/events';
import type { AppStore } from '../state/store';

/** How long the worker may take to answer 'init' (creating a GPU device can be slow on software adapters). */
const INIT_TIMEOUT_MS = 20_000;

export interface TrainerClient {
  post(message: ToWorker): void;
  dispose(): void;
}

export function connectTrainer(store: AppStore): TrainerClient {
  const queue: FromWorker[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let worker: Worker | null = null;
  let failure: string | null = null;

  const flush = () => {
    frame = 0; timer = null;
    applyEvents(store, queue.splice(0));
  };
  const schedule = () => {
    if (frame || timer) return;
    // rAF stops in hidden tabs; a slow timer keeps the queue from growing without bound there.
    if (document.hidden) timer = setTimeout(flush, 500);
    else frame = requestAnimationFrame(flush);
  };
  const receive = (e: FromWorker) => { queue.push(e); schedule(); };

  const fail = (message: string) => {
    failure = message;
    store.getState().setWorker({ state: 'failed', message });
    for (const r of store.getState().runs) {
      if (r.status === 'starting' || r.status === 'running' || r.status === 'paused') receive({ type: 'error', runId: r.id, message });
    }
  };

  try {
    worker = new Worker(new URL('../train/worker.ts', import.meta.url), { type: 'module', name: 'trainer' });
    worker.onmessage = (ev: MessageEvent<FromWorker>) => receive(ev.data);
    worker.onmessageerror = () => receive({ type: 'error', message: 'a message from the training worker could not be read' });
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      const what = ev.message || 'its script could not be loaded';
      if (store.getState().worker.state === 'starting') fail(`The training worker failed to start: ${what}`);
      else receive({ type: 'error', message: `The training worker reported: ${what}` });
    };
    worker.postMessage({ type: 'init' } satisfies ToWorker);
    setTimeout(() => {
      if (!failure && store.getState().worker.state === 'starting') fail(`The training worker did not answer within ${INIT_TIMEOUT_MS / 1000} s.`);
    }, INIT_TIMEOUT_MS);
  } catch (e) {
    fail(`The training worker could not be created: ${(e as Error).message}`);
  }

  return {
    post(message) {
      if (worker && !failure) { worker.postMessage(message); return; }
      // No worker: answer run-scoped requests locally so nothing waits forever.
      if ('runId' in message) receive({ type: 'error', runId: message.runId, message: failure ?? 'no training worker' });
      else if (message.type === 'loadDataset') receive({ type: 'error', field: 'dataset', message: failure ?? 'no training worker' });
    },
    dispose() {
      worker?.terminate();
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    },
  };
}
