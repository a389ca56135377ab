/**
 * The page's end of the worker protocol: starts the training worker (kept alive by
 * worker-life.ts), posts messages, and feeds what comes back into the store, one batch per
 * animation frame. A worker that dies is replaced, and the runs it held carry on from
 * their last checkpoints (state/resume.ts), with a notice that says so. If no worker can
 * run, the page shows why instead of crashing, and its live runs fail with that message.
 */
import type { FileDatasetId, FromWorker, ToWorker } from '../train/protocol';
import { applyEvents } from '../state/events';
import { restartMessages, restartNotice } from '../state/resume';
import type { AppStore } from '../state/store';
import { keepWorker, type WorkerLike } from './worker-life';

export interface TrainerClient {
  post(message: ToWorker): void;
  /** Tests only: terminates the worker, which the page then replaces as it would a dead one. */
  kill(): void;
  dispose(): void;
}

const spawnWorker = (): WorkerLike => new Worker(new URL('../train/worker.ts', import.meta.url), { type: 'module', name: 'trainer' });

export function connectTrainer(store: AppStore, spawn: () => WorkerLike = spawnWorker): TrainerClient {
  const queue: FromWorker[] = [];
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let failure: string | null = null;
  /** The datasets the user loaded, which a replacement worker must load again before its runs start. */
  const loads = new Map<FileDatasetId, ToWorker>();

  const flush = () => {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
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

  const keeper = keepWorker(spawn, {
    message: receive,
    failed: fail,
    started(post, replaced) {
      post({ type: 'init' });
      if (replaced === null) return;
      // What the old worker sent goes into the store first, so each run resumes after its last point.
      flush();
      loads.forEach(post);
      const restart = restartMessages(store.getState());
      restart.messages.forEach(post);
      receive({ type: 'error', message: restartNotice(replaced, restart) });
    },
  });

  return {
    post(message) {
      if (message.type === 'loadDataset') loads.set(message.dataset, message);
      if (!failure && keeper.post(message)) return;
      // No worker: answer run-scoped requests locally so nothing waits forever.
      if ('runId' in message) receive({ type: 'error', runId: message.runId, message: failure ?? 'no training worker' });
      else if (message.type === 'loadDataset') receive({ type: 'error', field: 'dataset', message: failure ?? 'no training worker' });
    },
    kill: () => keeper.kill('the test API terminated it'),
    dispose() {
      keeper.dispose();
      if (frame) cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    },
  };
}
