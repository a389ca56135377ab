/**
 * Synthetic 2-D sets, generated from the seed with Philox so a preset reproduces them:
 * point n of split s (0 train, 1 test) uses the four words philox((n, s, 0, 1), (seed, DATA)).
 * The last counter word is 1 where epochOrder's is 0, so the two streams never overlap.
 * Words 0–1 give two normals (Box–Muller, the jitter), words 2–3 two uniforms. Class
 * n mod K makes every split balanced to within one point. Coordinates lie roughly in [-1, 1].
 */
import { InputError } from '../engine/errors';
import { boxMuller, u01, uneg11 } from '../rng/distributions';
import { philox4x32, Purpose } from '../rng/philox';
import type { Dataset, Split } from './dataset';

export const SYNTHETIC_NAMES = ['spiral', 'circles', 'xor', 'gaussians'] as const;
export type SyntheticName = (typeof SYNTHETIC_NAMES)[number];

export interface SyntheticOptions {
  /** 2 or 3 (xor is always 2). */
  classes?: number;
  train?: number;
  test?: number;
}

export const isSyntheticName = (name: string): name is SyntheticName => (SYNTHETIC_NAMES as readonly string[]).includes(name);

/** One point of class k of K from two normals (n0, n1) and two uniforms (a, b) in (0, 1) / (−1, 1). */
type Draw = (k: number, K: number, n0: number, n1: number, a: number, b: number) => [number, number];

const TAU = 2 * Math.PI;
const DRAW: Record<SyntheticName, Draw> = {
  // K interleaved arms of 1.25 turns; radius grows with the position t along the arm.
  spiral: (k, K, n0, n1, a) => {
    const r = 0.05 + 0.9 * a, angle = TAU * (1.25 * a + k / K);
    return [r * Math.cos(angle) + 0.04 * n0, r * Math.sin(angle) + 0.04 * n1];
  },
  // A disk, then K − 1 rings, with gaps of 0.38/K: wider than 8σ of the jitter.
  circles: (k, K, n0, n1, a, b) => {
    const r = (0.95 * (k + 0.6 * a)) / K, angle = Math.PI * b;
    return [r * Math.cos(angle) + 0.015 * n0, r * Math.sin(angle) + 0.015 * n1];
  },
  // Class 0 in the quadrants where x and y share a sign, class 1 where they differ; 0.05 margin.
  xor: (k, _K, _n0, _n1, a, b) => {
    const x = Math.sign(b) * (0.05 + 0.95 * Math.abs(b));
    return [x, (k ? -1 : 1) * Math.sign(b) * (0.05 + 0.95 * a)];
  },
  // K isotropic blobs (σ = 0.2) centred on a circle of radius 0.55.
  gaussians: (k, K, n0, n1) => {
    const angle = TAU * (k / K) + Math.PI / 4;
    return [0.55 * Math.cos(angle) + 0.2 * n0, 0.55 * Math.sin(angle) + 0.2 * n1];
  },
};

function generateSplit(draw: Draw, K: number, count: number, seed: number, s: number): Split {
  const images = new Float32Array(2 * count), labels = new Uint8Array(count);
  const key = [seed >>> 0, Purpose.DATA];
  for (let n = 0; n < count; n++) {
    const x = philox4x32([n, s, 0, 1], key);
    const [n0, n1] = boxMuller(x[0], x[1]);
    labels[n] = n % K;
    images.set(draw(labels[n], K, n0, n1, u01(x[2]), uneg11(x[3])), 2 * n);
  }
  return { count, images, labels };
}

/** A synthetic set; the same (name, seed, options) always gives the same points. */
export function generateSynthetic(name: SyntheticName, seed: number, options: SyntheticOptions = {}): Dataset {
  const { classes = 2, train = 1000, test = 500 } = options;
  if (!isSyntheticName(name)) throw new InputError('dataset', `unknown synthetic set '${name}', expected one of ${SYNTHETIC_NAMES.join(', ')}`);
  if (!(classes === 2 || (classes === 3 && name !== 'xor'))) {
    throw new InputError('classes', `${name} takes ${name === 'xor' ? '2 classes' : '2 or 3 classes'}, got ${classes}`);
  }
  for (const [field, n] of [['train', train], ['test', test]] as const) {
    if (!(Number.isInteger(n) && n >= classes)) throw new InputError(field, `needs a whole number of points ≥ ${classes}, got ${n}`);
  }
  return {
    name: classes === 2 ? name : `${name}:${classes}`,
    inputShape: [1, 1, 2],
    classes,
    train: generateSplit(DRAW[name], classes, train, seed, 0),
    test: generateSplit(DRAW[name], classes, test, seed, 1),
  };
}
