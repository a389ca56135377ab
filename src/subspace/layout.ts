/**
 * Host-side tables for the fused kernels: the packed compartment table, the work lists
 * (one entry per workgroup) of project and update, and the shared uniform block. Pure
 * TS; the WGSL twins of these layouts are the structs in shaders/subspace/common.wgsl.
 */
import type { Compartment } from './compartments';

/** Tile sizes, filled into the kernels' `override` constants. */
export interface SubspaceTiles {
  /** project: threads per workgroup; each draws DIRS_PER_THREAD directions. */
  projectThreads: number;
  /** project: parameters per workgroup, staged in workgroup memory; a multiple of 128. */
  chunkSize: number;
  /** update: threads per workgroup, 4 parameters each. */
  updateThreads: number;
}

/** Tiles for GPUs: 64 threads a workgroup (two NVIDIA warps, one AMD wave). Not yet tuned on one. */
export const DEFAULT_TILES: SubspaceTiles = { projectThreads: 64, chunkSize: 1024, updateThreads: 64 };

/**
 * Tiles for software adapters (SwiftShader runs a workgroup on one CPU thread). Smaller
 * workgroups are faster with many small compartments and cost a little with one: FC-MNIST
 * at d = 250, project + update, median of 11 interleaved rounds, against DEFAULT_TILES:
 * K = 8 equal compartments 223 → 186 ms, K = 1 1206 → 1277 ms.
 */
export const SOFTWARE_TILES: SubspaceTiles = { projectThreads: 16, chunkSize: 1024, updateThreads: 32 };

/** Directions each project thread draws (the four accumulators of shaders/subspace/project.wgsl). */
export const DIRS_PER_THREAD = 4;

/** Words per compartment in the table (struct Compartment in common.wgsl). */
export const COMPARTMENT_WORDS = 8;

/** Project chunks [first, first + count) that compartment c touches. */
export function chunkRange(c: Compartment, chunkSize: number): { first: number; count: number } {
  const first = Math.floor(c.start / chunkSize);
  return { first, count: Math.ceil(c.end / chunkSize) - first };
}

/**
 * How project spreads a compartment of `dirs` directions over a workgroup: `span`
 * threads hold a tile of 4·span directions (four each), and the chunk is cut into
 * `parts` = ⌊projectThreads / span⌋ parts, one per group of span threads. A compartment
 * that fits one tile takes only the threads it needs (span = ⌈dirs/4⌉), so with few
 * directions the workgroup still stays busy; a larger one takes every thread, in tiles.
 */
export function projectSpan(dirs: number, tiles: SubspaceTiles): { span: number; parts: number } {
  const T = tiles.projectThreads;
  const span = Math.min(T, Math.ceil(dirs / DIRS_PER_THREAD));
  return { span, parts: Math.floor(T / span) };
}

/**
 * The compartment table: per compartment (a_k, b_k, e_k, d_k, 1/√D_k as f32, offset of
 * its [rows × d_k] project partials, span, rows = chunks touched × parts). Also returns
 * the number of partial sums per worker.
 */
export function packCompartments(compartments: readonly Compartment[], tiles: SubspaceTiles): { table: Uint32Array; partials: number } {
  const buffer = new ArrayBuffer(compartments.length * COMPARTMENT_WORDS * 4);
  const u = new Uint32Array(buffer), f = new Float32Array(buffer);
  let partials = 0;
  compartments.forEach((c, k) => {
    const { span, parts } = projectSpan(c.dirs, tiles), rows = chunkRange(c, tiles.chunkSize).count * parts;
    const o = k * COMPARTMENT_WORDS;
    u.set([c.start, c.end, c.dirStart, c.dirs], o);
    f[o + 4] = 1 / Math.sqrt(c.size);
    u.set([partials, span, rows], o + 5);
    partials += rows * c.dirs;
  });
  return { table: u, partials };
}

/** Project work list: per workgroup (k, first local direction, chunk index, its first partial row). */
export function projectTasks(compartments: readonly Compartment[], tiles: SubspaceTiles): Uint32Array {
  const tasks: number[] = [];
  for (const c of compartments) {
    const { first, count } = chunkRange(c, tiles.chunkSize);
    const { span, parts } = projectSpan(c.dirs, tiles);
    for (let t = 0; t < c.dirs; t += span * DIRS_PER_THREAD) {
      for (let ch = 0; ch < count; ch++) tasks.push(c.index, t, first + ch, ch * parts);
    }
  }
  return Uint32Array.from(tasks);
}

/** Update work list: per workgroup (k, first quad q, 0, 0); quad q holds parameters 4q..4q+3. */
export function updateTasks(compartments: readonly Compartment[], tiles: SubspaceTiles): Uint32Array {
  const tasks: number[] = [];
  for (const c of compartments) {
    const end = Math.ceil(c.end / 4);
    for (let q = Math.floor(c.start / 4); q < end; q += tiles.updateThreads) tasks.push(c.index, q, 0, 0);
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
