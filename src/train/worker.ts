/// <reference lib="webworker" />
/** The training Web Worker: WebGPU lives here, so the page never freezes. */
import { Session } from './session';
import type { FromWorker, ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const session = new Session((message: FromWorker) => scope.postMessage(message));
scope.onmessage = (e: MessageEvent<ToWorker>) => void session.handle(e.data);
