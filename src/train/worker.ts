/// <reference lib="webworker" />
/** The training Web Worker: WebGPU lives here, so the page never freezes. */
import { Session } from './session';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session((message: FromWorker) => scope.postMessage(message));
// Messages are handled in the order sent: a pause right after a start must find the
// run. Training itself runs in the session's own loop, so this chain never waits on it.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e: MessageEvent<ToWorker>) => {
  queue = queue.then(() => session.handle(e.data));
};
