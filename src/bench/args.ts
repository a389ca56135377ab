/**
 * The benchmark's flags. Defaults keep `npm run bench` to a few minutes on SwiftShader;
 * --quick shrinks every size for a smoke test; GPUs can take larger lists.
 */
import { InputError } from '../engine/errors';

export interface BenchOptions {
  /** Tiny sizes (a smoke test; figures are not meaningful). */
  quick: boolean;
  /** Run in headless Chromium (a page, with the TensorFlow.js peer) instead of Dawn in Node. */
  browser: boolean;
  /** Also measure the paper's CNN on MNIST (slow on SwiftShader). */
  cnn: boolean;
  /** SGD steps timed. */
  steps: number;
  /** RBD peer steps timed a round (TF.js draws d·D normals in JavaScript each step, so fewer). */
  rbdSteps: number;
  /** Interleaved timing rounds of the kernel sections (after one warm-up each). */
  rounds: number;
  /** Normals per thread of the generate-only kernel; the fastest sets the roofline. */
  perThread: number[];
  /** d for the scaling against d. */
  dList: number[];
  /** Hidden widths of mlp([w]) for the scaling against D. */
  widths: number[];
}

const USAGE = 'npm run bench -- [--browser] [--quick] [--cnn] [--steps 40] [--rbd-steps 5] [--rounds 5] [--per-thread 16,64,256] [--d-list 16,64,256] [--widths 32,128,512]';

function whole(flag: string, s: string | undefined): number {
  const n = Number(s);
  if (s === undefined || s.trim() === '' || !Number.isInteger(n) || n < 1) throw new InputError(`--${flag}`, `must be a whole number ≥ 1, got '${s ?? ''}' (${USAGE})`);
  return n;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const quick = argv.includes('--quick'), browser = argv.includes('--browser');
  const o: BenchOptions = quick
    ? { quick, browser, cnn: false, steps: 4, rbdSteps: 2, rounds: 1, perThread: [16, 64], dList: [4, 16], widths: [4, 8, 16] }
    : { quick, browser, cnn: false, steps: 40, rbdSteps: 5, rounds: 5, perThread: [16, 64, 256], dList: [16, 64, 256], widths: [32, 128, 512] };
  for (let k = 0; k < argv.length; k++) {
    if (argv[k] === '--') continue; // npm's separator, when it is passed on
    const [flag, inline] = argv[k].replace(/^--/, '').split('=', 2);
    const value = () => inline ?? argv[++k];
    const list = () => (value() ?? '').split(',').map((s) => whole(flag, s));
    switch (flag) {
      case 'quick': case 'browser': break;
      case 'cnn': o.cnn = true; break;
      case 'steps': o.steps = whole(flag, value()); break;
      case 'rbd-steps': o.rbdSteps = whole(flag, value()); break;
      case 'rounds': o.rounds = whole(flag, value()); break;
      case 'per-thread':
        o.perThread = list();
        for (const n of o.perThread) if (n % 4) throw new InputError('--per-thread', `must be multiples of 4 (one Philox call gives 4 normals), got ${n}`);
        break;
      case 'd-list': o.dList = list(); break;
      case 'widths': o.widths = list(); break;
      default: throw new InputError(argv[k], `unknown flag (${USAGE})`);
    }
  }
  return o;
}
