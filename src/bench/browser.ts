/**
 * The benchmark in a page (`/?bench=<flags>`, driven headless by `npm run bench --
 * --browser`): the same sections as in Node, on the page's WebGPU device and the bundled
 * MNIST, plus the TensorFlow.js peers (SGD, and RBD as TF.js would write it), which need
 * a page. No DOM: the caller shows `log`.
 */
import { loadBundledMnist } from '../data/browser';
import { getDevice } from '../engine/device';
import { parseBenchArgs } from './args';
import { measureCnnPeer } from './cnn-peer';
import { measurePeer } from './peer';
import { measureRbdPeer } from './rbd-peer';
import { markdown, type BenchResult } from './report';
import { cnnConfig, cnnSteps, runBench, sgdConfig } from './run';

/** `flags` as on the command line, e.g. '--quick --steps 8'. */
export async function runBrowserBench(flags: string, log: (line: string) => void): Promise<{ result: BenchResult; table: string }> {
  const o = parseBenchArgs(flags.split(/\s+/).filter(Boolean));
  const { device, adapterName } = await getDevice('bench');
  const mnist = await loadBundledMnist();
  const result = await runBench({ device, adapterName, runtime: navigator.userAgent, mnist, log }, o);
  log('TensorFlow.js peer, SGD');
  result.peer = await measurePeer(device, mnist, sgdConfig(o), o.steps, o.rounds);
  log(`TensorFlow.js peer, RBD d = ${sgdConfig(o).d}`);
  result.rbdPeer = await measureRbdPeer(device, mnist, sgdConfig(o), o.rbdSteps, o.rounds);
  if (o.cnn) {
    log('TensorFlow.js peer, CNN SGD');
    result.cnnPeer = await measureCnnPeer(device, mnist, cnnConfig(o), cnnSteps(o), o.rounds);
  }
  return { result, table: markdown(result) };
}

/** The benchmark page's state on `window.__bench` (`/?bench=<flags>`), read by `npm run bench -- --browser`. */
export interface BenchPageState {
  log: string[];
  /** The BenchResult once done (JSON-safe). */
  result?: unknown;
  table?: string;
  error?: string;
}

declare global {
  interface Window {
    __bench?: BenchPageState;
  }
}
