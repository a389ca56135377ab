/**
 * The training worker's life as the page sees it: started, watched, and replaced when it
 * dies. What the page can detect:
 * - an error event on the Worker: worker.ts reports its own errors as messages and stops
 *   them there, so one that reaches the page means its script could not load or run;
 * - silence: worker.ts answers `ping` ahead of its queue, so only a worker stuck in one
 *   task for SILENT_TICKS heartbeats, or gone, leaves one unanswered. Heartbeats are
 *   counted, not timed, so a frozen or throttled background tab does not look like a
 *   dead worker;
 * - the test API's kill.
 * A crash of the whole renderer (out of memory, say) takes the page with it: that is a
 * reopened page's case (state/persist.ts).
 */
import type { FromWorker, ToWorker } from '../train/protocol';

/** What this needs of a Worker (tests pass a fake). */
export interface WorkerLike {
  postMessage(message: ToWorker): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
  onmessageerror: ((e: MessageEvent) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

export interface LifeHooks {
  /** A message of the current worker (a replaced one says nothing more). */
  message(m: FromWorker): void;
  /** A worker is up, `post` reaches it; `replaced` says why the one before it was replaced (null for the first). */
  started(post: (message: ToWorker) => void, replaced: string | null): void;
  /** The worker is gone for good (it could not start, or it kept dying); training is unavailable. */
  failed(message: string): void;
}

/** How long a new worker may take to say anything (creating a GPU device can be slow on software adapters). */
export const INIT_TIMEOUT_MS = 20_000;
export const HEARTBEAT_MS = 5000;
/** 12 heartbeats (a minute, in a visible tab): far longer than any one task of the worker (a pipeline compile, a CPU step). */
export const SILENT_TICKS = 12;
/** More deaths than this within DEATH_WINDOW_MS is a worker that dies of what it is given: no more restarts. */
export const MAX_RESTARTS = 3;
export const DEATH_WINDOW_MS = 60_000;

export interface WorkerKeeper {
  /** Posts to the current worker; false when there is none (failed). */
  post(message: ToWorker): boolean;
  /** Terminates the worker and starts a new one, as if it had died of `why` (the test API's kill). */
  kill(why: string): void;
  dispose(): void;
}

export function keepWorker(spawn: () => WorkerLike, hooks: LifeHooks, now: () => number = () => performance.now()): WorkerKeeper {
  let worker: WorkerLike | null = null;
  /** Whether the current worker has said anything: one that dies before it does could not start. */
  let answered = false;
  /** Heartbeats since the unanswered ping went out; null when none is outstanding. */
  let silentTicks: number | null = null;
  const deaths: number[] = [];

  const start = (replaced: string | null) => {
    let w: WorkerLike;
    try {
      w = spawn();
    } catch (e) {
      return stop(`The training worker could not be created: ${(e as Error).message}`);
    }
    worker = w;
    answered = false;
    silentTicks = null;
    w.onmessage = (e) => {
      if (worker !== w) return;
      answered = true;
      silentTicks = null;
      if (e.data.type !== 'pong') hooks.message(e.data);
    };
    w.onmessageerror = () => { if (worker === w) hooks.message({ type: 'error', message: 'a message from the training worker could not be read' }); };
    w.onerror = (e) => {
      e.preventDefault();
      if (worker !== w) return;
      const what = e.message || 'its script could not be loaded';
      if (!answered) stop(`The training worker failed to start: ${what}`);
      else replace(`it hit an error it could not report: ${what}`);
    };
    setTimeout(() => { if (worker === w && !answered) stop(`The training worker did not answer within ${INIT_TIMEOUT_MS / 1000} s.`); }, INIT_TIMEOUT_MS);
    hooks.started((m) => w.postMessage(m), replaced);
  };

  const stop = (message: string) => {
    worker?.terminate();
    worker = null;
    hooks.failed(message);
  };

  const replace = (why: string) => {
    worker?.terminate();
    worker = null;
    const t = now();
    deaths.push(t);
    while (deaths.length && t - deaths[0] > DEATH_WINDOW_MS) deaths.shift();
    if (deaths.length > MAX_RESTARTS) stop(`The training worker stopped ${deaths.length} times within a minute (last: ${why}); it is not started again. Reload the page to try again.`);
    else start(why);
  };

  const heartbeat = setInterval(() => {
    if (!worker || !answered) return; // the init timeout watches a worker that has not answered yet
    if (silentTicks === null) { silentTicks = 0; worker.postMessage({ type: 'ping' }); }
    else if (++silentTicks >= SILENT_TICKS) replace(`it did not answer for ${SILENT_TICKS} heartbeats of ${HEARTBEAT_MS / 1000} s`);
  }, HEARTBEAT_MS);

  start(null);
  return {
    post(message) {
      worker?.postMessage(message);
      return worker !== null;
    },
    kill: (why) => { if (worker) replace(why); },
    dispose() {
      clearInterval(heartbeat);
      worker?.terminate();
      worker = null;
    },
  };
}
