/**
 * Compartments and the allocation of d (docs/design.md §2, normative). Pure TS, no GPU.
 *
 * Compartment k is the parameter range [start, end) = [a_k, b_k) of size D_k and owns
 * the directions [dirStart, dirStart + dirs) = [e_k, e_k + d_k). Compartments tile
 * [0, D) in order, and their directions tile [0, Σ d_k) in the same order.
 */
import { InputError } from '../engine/errors';
import type { ModelPlan } from '../nn/model';

export interface Compartment {
  /** k: position in the list. */
  index: number;
  /** a_k: first parameter. */
  start: number;
  /** b_k: one past the last parameter. */
  end: number;
  /** D_k = b_k − a_k. */
  size: number;
  /** e_k: global index of the first direction (global across compartments). */
  dirStart: number;
  /** d_k: number of directions. */
  dirs: number;
}

/** docs/design.md §2's schemes, as the URL, the CLI and the engine write them. */
export type CompartmentScheme = 'network' | 'layer' | 'tensor' | `chunk:${number}`;
export type Allocation = 'proportional' | 'equal' | 'each';
export const ALLOCATIONS: readonly Allocation[] = ['proportional', 'equal', 'each'];
/** The largest N of chunk:N: a bound that keeps a hand-edited link finite, far above any D here. */
export const MAX_CHUNK = 100_000_000;

/** What planCompartments needs of a model: its tensors in layout order, and D. */
export type ParamLayout = Pick<ModelPlan, 'tensors' | 'D'>;

const isWhole = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);

/**
 * The one parser of a scheme: 'network', 'layer', 'tensor' or 'chunk:N' with N a whole
 * number in 1…MAX_CHUNK, written in digits. Returns the canonical text.
 */
export function parseCompartmentScheme(s: string): CompartmentScheme {
  if (s === 'network' || s === 'layer' || s === 'tensor') return s;
  const m = /^chunk:(.*)$/.exec(s);
  if (!m) throw new InputError('compartments', `'${s}' is not one of network, layer, tensor, chunk:N`);
  if (!/^\d+$/.test(m[1])) throw new InputError('compartments', `chunk size '${m[1]}' is not a whole number`);
  const n = Number(m[1]);
  if (n < 1 || n > MAX_CHUNK) throw new InputError('compartments', `chunk size ${n} is outside 1…${MAX_CHUNK}`);
  return `chunk:${n}`;
}

/** N of 'chunk:N', or null for the other schemes. */
export const chunkSize = (s: CompartmentScheme): number | null => (s.startsWith('chunk:') ? Number(s.slice(6)) : null);

/** The parameter ranges [a_k, b_k) of a scheme, in order. */
export function compartmentRanges(layout: ParamLayout, scheme: string): [number, number][] {
  const s = parseCompartmentScheme(scheme);
  const { D, tensors } = layout;
  if (!(isWhole(D) && D >= 1)) throw new InputError('D', `the model must have at least one parameter, got ${D}`);
  if (s === 'network') return [[0, D]];
  if (s === 'tensor') return tensors.filter((t) => t.size > 0).map((t) => [t.offset, t.offset + t.size]);
  if (s === 'layer') {
    const ranges: [number, number][] = [];
    let layer = -1;
    for (const t of tensors) {
      if (t.size === 0) continue;
      if (t.layer === layer) ranges[ranges.length - 1][1] = t.offset + t.size;
      else ranges.push([t.offset, t.offset + t.size]);
      layer = t.layer;
    }
    return ranges;
  }
  const chunk = chunkSize(s)!;
  const ranges: [number, number][] = [];
  for (let a = 0; a < D; a += chunk) ranges.push([a, Math.min(a + chunk, D)]);
  return ranges;
}

/**
 * d_k ∝ D_k by largest-remainder (Hamilton) rounding, every d_k ≥ 1, Σ d_k = d.
 * A compartment whose quota d·D_k/D is below 1 is given 1 direction and leaves the
 * pool; quotas of the rest are recomputed until all are ≥ 1. The rest get ⌊quota⌋,
 * and the leftover directions go one each by larger remainder, then lower k.
 * Integer arithmetic throughout (d·D_k < 2^53), so the result is exact on every device.
 */
export function allocateProportional(sizes: readonly number[], d: number): number[] {
  const dirs = sizes.map(() => 0);
  let pool = sizes.map((_, k) => k);
  for (;;) {
    const dPool = d - (sizes.length - pool.length);
    const DPool = pool.reduce((s, k) => s + sizes[k], 0);
    const small = pool.filter((k) => dPool * sizes[k] < DPool);
    if (!small.length) {
      const rem = pool.map((k) => ({ k, r: (dPool * sizes[k]) % DPool }));
      for (const k of pool) dirs[k] = Math.floor((dPool * sizes[k]) / DPool);
      let left = dPool - pool.reduce((s, k) => s + dirs[k], 0);
      rem.sort((x, y) => y.r - x.r || x.k - y.k);
      for (const { k } of rem) if (left-- > 0) dirs[k]++;
      return dirs;
    }
    for (const k of small) dirs[k] = 1;
    pool = pool.filter((k) => !small.includes(k));
  }
}

/** d_k per compartment for an allocation mode; checks the rules of docs/design.md §2. */
export function allocate(sizes: readonly number[], alloc: Allocation, d: number): number[] {
  const K = sizes.length;
  if (!(isWhole(d) && d >= 1)) throw new InputError('d', `must be a whole number ≥ 1, got ${d}`);
  let dirs: number[];
  if (alloc === 'each') dirs = sizes.map(() => d);
  else if (alloc === 'proportional' || alloc === 'equal') {
    if (d < K) throw new InputError('d', `${alloc} allocation gives every compartment at least one direction, so d must be ≥ K = ${K} compartments, got ${d}`);
    dirs = alloc === 'equal' ? sizes.map((_, k) => Math.floor(d / K) + (k < d % K ? 1 : 0)) : allocateProportional(sizes, d);
  } else throw new InputError('allocation', `unknown mode '${alloc as string}': use 'proportional', 'equal' or 'each'`);
  const k = dirs.findIndex((dk, k) => dk > sizes[k]);
  if (k >= 0) {
    throw new InputError('d', `d larger than the parameters of a compartment: compartment ${k} has D_k = ${sizes[k]} parameters but would get d_k = ${dirs[k]} directions (d = ${d}, ${alloc})`);
  }
  return dirs;
}

/** Splits the parameters into compartments and allocates d among them (docs/design.md §2). */
export function planCompartments(layout: ParamLayout, scheme: string, alloc: Allocation, d: number): Compartment[] {
  const ranges = compartmentRanges(layout, scheme);
  const dirs = allocate(ranges.map(([a, b]) => b - a), alloc, d);
  let e = 0;
  return ranges.map(([start, end], index) => {
    const c = { index, start, end, size: end - start, dirStart: e, dirs: dirs[index] };
    e += dirs[index];
    return c;
  });
}

/**
 * η·d_k/D_k: the effective step scale of compartment k, since E[P_k·P_kᵀ] = (d_k/D_k)·I
 * inside it under the 1/√D_k scaling (docs/design.md §11). Why a subspace method's η is
 * larger than SGD's: its expected step is this much of the gradient step.
 */
export const stepScale = (lr: number, c: Pick<Compartment, 'dirs' | 'size'>): number => (lr * c.dirs) / c.size;

/** Σ d_k: the number of trained dimensions (directions per worker). */
export const totalDirs = (compartments: readonly Compartment[]) => compartments.reduce((s, c) => s + c.dirs, 0);

/** Checks that compartments tile [0, D) and their directions tile [0, Σ d_k), in order. */
export function checkCompartments(compartments: readonly Compartment[], D: number): void {
  if (!compartments.length) throw new InputError('compartments', 'there must be at least one compartment');
  let a = 0, e = 0;
  compartments.forEach((c, k) => {
    const ok = c.index === k && c.start === a && c.end > c.start && c.size === c.end - c.start && c.dirStart === e && isWhole(c.dirs) && c.dirs >= 1 && c.dirs <= c.size;
    if (!ok) throw new InputError('compartments', `compartment ${k} ${JSON.stringify(c)} does not continue the layout (expected start ${a}, dirStart ${e}, 1 ≤ dirs ≤ size)`);
    a = c.end;
    e += c.dirs;
  });
  if (a !== D) throw new InputError('compartments', `cover [0, ${a}) but the model has D = ${D} parameters`);
}
