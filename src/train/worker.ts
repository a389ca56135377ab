/// <reference lib="webworker" />
/** The training Web Worker: WebGPU lives here, so the page never freezes. */
import { Session } from './session';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session((message: FromWorker, transfer: Transferable[] = []) => scope.postMessage(message, transfer));
// Messages are handled in the order sent: a pause right after a start must find the
// run. Training itself runs in the session's own loop, so this chain never waits on it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  // The page's liveness check jumps the queue: a run being built must not look like a dead worker.
  if (e.data.type === 'ping') scope.postMessage({ type: 'pong' } satisfies FromWorker);
  else queue = queue.then(() => session.handle(e.data));
};
// Whatever escapes is said, as a notice on the page, instead of dying silently.
const report = (what: unknown) => scope.postMessage({ type: 'error', message: `the training worker hit an error: ${what instanceof Error ? what.message : String(what)}` } satisfies FromWorker);
scope.addEventListener('error', (e) => { e.preventDefault(); report(e.error ?? e.message); });
scope.addEventListener('unhandledrejection', (e) => { e.preventDefault(); report(e.reason); });
