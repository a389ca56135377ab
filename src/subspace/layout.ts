/**
 * Host-side tables for the fused kernels: the packed compartment table, the work lists
 * (one entry per workgroup) of project and update, and the shared uniform block. Pure
 * TS; the WGSL twins of these layouts are the structs in shaders/subspace/common.wgsl.
 */
import type { Compartment } from './compartments';

/** Tile sizes, filled into the kernels' `override` constants. */
export interface SubspaceTiles {
  /** project: directions per workgroup, one thread each. */
  dirTile: number;
  /** project: parameters per workgroup, staged in workgroup memory; a multiple of 128. */
  chunkSize: number;
  /** update: threads per workgroup (4 parameters each), and coordinates staged per tile. */
  quadTile: number;
}

export const DEFAULT_TILES: SubspaceTiles = { dirTile: 64, chunkSize: 1024, quadTile: 64 };

/** Words per compartment in the table (struct Compartment in common.wgsl). */
export const COMPARTMENT_WORDS = 8;

/** Project chunks [first, first + count) that compartment c touches. */
export function chunkRange(c: Compartment, chunkSize: number): { first: number; count: number } {
  const first = Math.floor(c.start / chunkSize);
  return { first, count: Math.ceil(c.end / chunkSize) - first };
}

/**
 * The compartment table: per compartment (a_k, b_k, e_k, d_k, 1/√D_k as f32, offset of
 * its [chunks × d_k] project partials, first chunk, chunk count). Also returns the number
 * of partial sums per worker.
 */
export function packCompartments(compartments: readonly Compartment[], chunkSize: number): { table: Uint32Array; partials: number } {
  const buffer = new ArrayBuffer(compartments.length * COMPARTMENT_WORDS * 4);
  const u = new Uint32Array(buffer), f = new Float32Array(buffer);
  let partials = 0;
  compartments.forEach((c, k) => {
    const { first, count } = chunkRange(c, chunkSize);
    const o = k * COMPARTMENT_WORDS;
    u.set([c.start, c.end, c.dirStart, c.dirs], o);
    f[o + 4] = 1 / Math.sqrt(c.size);
    u.set([partials, first, count], o + 5);
    partials += count * c.dirs;
  });
  return { table: u, partials };
}

/** Project work list: per workgroup (k, first local direction, chunk index, 0). */
export function projectTasks(compartments: readonly Compartment[], tiles: SubspaceTiles): Uint32Array {
  const tasks: number[] = [];
  for (const c of compartments) {
    const { first, count } = chunkRange(c, tiles.chunkSize);
    for (let t = 0; t < c.dirs; t += tiles.dirTile) {
      for (let ch = first; ch < first + count; ch++) tasks.push(c.index, t, ch, 0);
    }
  }
  return Uint32Array.from(tasks);
}

/** Update work list: per workgroup (k, first quad q, 0, 0); quad q holds parameters 4q..4q+3. */
export function updateTasks(compartments: readonly Compartment[], tiles: SubspaceTiles): Uint32Array {
  const tasks: number[] = [];
  for (const c of compartments) {
    const end = Math.ceil(c.end / 4);
    for (let q = Math.floor(c.start / 4); q < end; q += tiles.quadTile) tasks.push(c.index, q, 0, 0);
  }
  return Uint32Array.from(tasks);
}

/** Fields of the uniform block (struct Params in common.wgsl). */
export interface ParamsBlock {
  seed: number;
  epoch: number;
  dist: number;
  workers: number;
  dirs: number;
  params: number;
  tasks: number;
  lr: number;
  partials: number;
  compartments: number;
}

/** Bytes of struct Params. */
export const PARAMS_BYTES = 48;

/** Packs struct Params (12 words; lr is the only f32). */
export function packParams(p: ParamsBlock): ArrayBuffer {
  const buffer = new ArrayBuffer(PARAMS_BYTES);
  const u = new Uint32Array(buffer);
  u.set([p.seed >>> 0, p.epoch, p.dist, p.workers, p.dirs, p.params, p.tasks, 0, p.partials, p.compartments]);
  new Float32Array(buffer)[7] = p.lr;
  return buffer;
}
