/**
 * Random bases descent on the GPU with P never stored (docs/design.md §2, §5). A Subspace
 * records the project and update passes into a caller's compute pass; it never submits
 * and never reads back, so a training step stays one queue.submit. Uniforms are written
 * with queue.writeBuffer while recording, so record at most one project and one update
 * per submit (the last write of a uniform before a submit is the one the GPU sees). The
 * same holds for the member ids, which is why project and update each have their own.
 */
import { createBuffer, STORAGE, UNIFORM, uploadBuffer } from '../engine/buffers';
import { isSoftwareAdapter } from '../engine/device';
import { grid2d } from '../engine/kernel';
import { DIST_CODE, type Distribution } from '../rng/distributions';
import { checkDirs, checkDist, checkEpoch, checkLearningRate, checkShape, checkSize, checkTiles } from './checks';
import { checkCompartments, totalDirs, type Compartment } from './compartments';
import { MemberIds } from './members';
import { fusedKernels, WORKGROUP_SIZE, type FusedKernels } from './kernels';
import { DEFAULT_TILES, SOFTWARE_TILES, packCompartments, packParams, PARAMS_BYTES, projectTasks, updateTasks, type ParamsBlock, type SubspaceTiles } from './layout';

export interface SubspaceConfig {
  /** D: the number of parameters. */
  D: number;
  /** From planCompartments: they tile [0, D). */
  compartments: readonly Compartment[];
  /**
   * W: worker slots, the capacity. Gradients, coordinates and ĉ hold W slots, and a call
   * covers W' ≤ W of them. Slot s draws its own directions with the counter word w =
   * members[s] (docs/design.md §13), s itself unless a call passes `members`.
   */
  workers: number;
  /** The run's seed: key (seed, BASIS). */
  seed: number;
  dist: Distribution;
  /** Workgroup tiles (override constants); defaults are SOFTWARE_TILES on software adapters, else DEFAULT_TILES. */
  tiles?: Partial<SubspaceTiles>;
  /**
   * Accumulate ĉ in recordUpdate (default true). Only fpd needs ĉ: with redraws it maps
   * to no θ, so rbd may pass false and save one dispatch a step. cHat then stays
   * allocated, at its full size, and all zeros.
   */
  keepCHat?: boolean;
}

/** What may change between any two steps, without a reset. */
export interface LiveChange {
  /** A new split or a new d (from planCompartments over the same D). */
  compartments?: readonly Compartment[];
  dist?: Distribution;
}

export interface Subspace {
  readonly D: number;
  readonly workers: number;
  readonly seed: number;
  readonly dist: Distribution;
  readonly compartments: readonly Compartment[];
  /** Σ d_k: the number of trained dimensions, coordinates per worker. */
  readonly dirs: number;
  /** [W × Σd_k] f32: slot s's c_i at s·Σd_k + i, written by recordProject. */
  readonly coordinates: GPUBuffer;
  /**
   * [W × Σd_k] f32: slot s's ĉ_s = −Σ_t η_t c_{s,t} over the steps t, accumulated by
   * recordUpdate (all zeros unless keepCHat). Kept per slot, because workers draw
   * different directions: θ_t = θ_0 + Σ_s P_w ĉ_s with w = members[s] (fpd). Meaningful
   * only while r and each slot's member stay fixed; zeroed by resetCHat and by any setLive
   * that changes the basis (compartments, d or dist), since the old ĉ no longer maps to θ.
   */
  readonly cHat: GPUBuffer;
  /** The workgroup tiles it was compiled with. */
  readonly tiles: SubspaceTiles;
  /** Whether recordUpdate accumulates ĉ (SubspaceConfig.keepCHat). */
  readonly keepCHat: boolean;
  /** Bytes of every buffer it holds (tables, work lists, partial sums, c, ĉ, member ids, uniforms): no P. */
  readonly bytes: number;
  /**
   * Records c_s = P_wᵀ g_s for the slots s < W', with w = members[s]; `grads` is [W' × D]
   * f32 at least, slot s's at s·D. Coordinates of the slots past W' are left as they were.
   * `members` (default 0..W−1, so W' = W) are W' distinct member ids, 1 ≤ W' ≤ W: a room
   * member passes its own id alone and projects only its own gradient (docs/design.md §13).
   */
  recordProject(pass: GPUComputePassEncoder, grads: GPUBuffer, epoch: number, members?: readonly number[]): void;
  /**
   * Records θ −= η Σ_s P_w c_s over the slots s < W' of `coordinates`, with w = members[s],
   * and ĉ_s −= η c_s for those slots if keepCHat. `theta` is [D] f32. `cHat: false` leaves
   * ĉ alone even so: the diagnostics (src/train/probe.ts) apply P·c to a scratch vector,
   * which is no step of θ. `members` (default 0..W−1) are W' ascending member ids, 1 ≤ W'
   * ≤ W: the sum runs in ascending member id, as docs/design.md §13 requires.
   */
  recordUpdate(pass: GPUComputePassEncoder, theta: GPUBuffer, lr: number, epoch: number, cHat?: boolean, members?: readonly number[]): void;
  /**
   * Changes d, the compartments or the distribution for the next step (see cHat). New
   * compartments rebuild the buffers (coordinates and cHat too); the same ones again are
   * a no-op. Call it between submits: commands recorded before it and submitted after it
   * would use destroyed buffers.
   */
  setLive(change: LiveChange): void;
  /** Zeroes ĉ (queue.writeBuffer: takes effect before the next submit). */
  resetCHat(): void;
  destroy(): void;
}

/** Buffers and work lists that depend on the compartments; rebuilt by setLive. */
interface Layout {
  compartments: readonly Compartment[];
  dirs: number;
  partials: number;
  projectTaskCount: number;
  updateTaskCount: number;
  table: GPUBuffer;
  projectTasks: GPUBuffer;
  updateTasks: GPUBuffer;
  partialSums: GPUBuffer;
  coordinates: GPUBuffer;
  cHat: GPUBuffer;
  /** Bind groups per kernel, for the caller's buffer they were last made with. */
  bindings: Map<string, { buffer: GPUBuffer | null; group: GPUBindGroup }>;
}

const layoutBuffers = (l: Layout) => [l.table, l.projectTasks, l.updateTasks, l.partialSums, l.coordinates, l.cHat];

const sameCompartments = (a: readonly Compartment[], b: readonly Compartment[]) =>
  a.length === b.length && a.every((c, k) => c.start === b[k].start && c.end === b[k].end && c.dirs === b[k].dirs);

export async function createSubspace(device: GPUDevice, config: SubspaceConfig): Promise<Subspace> {
  const { D, workers, seed } = config;
  const keepCHat = config.keepCHat ?? true;
  checkShape(D, workers, seed);
  checkDist(config.dist);
  const info = device.adapterInfo as GPUAdapterInfo | undefined; // missing in browsers before 2024
  const tiles: SubspaceTiles = { ...(info && isSoftwareAdapter(info) ? SOFTWARE_TILES : DEFAULT_TILES), ...config.tiles };
  checkTiles(device, tiles);
  const kernels: FusedKernels = await fusedKernels(device, tiles);
  const projectParams = createBuffer(device, 'subspace.projectParams', PARAMS_BYTES, UNIFORM);
  const updateParams = createBuffer(device, 'subspace.updateParams', PARAMS_BYTES, UNIFORM);
  // Two, not one: project and update are recorded into one submit, and a writeBuffer
  // before the submit would give both kernels the last ids written.
  // Two, not one: project and update are recorded into one submit, and a writeBuffer
  // before the submit would give both kernels the last ids written.
  const projectMembers = new MemberIds(device, 'subspace.projectMembers', workers);
  const updateMembers = new MemberIds(device, 'subspace.updateMembers', workers);
  let dist = config.dist;

  const build = (compartments: readonly Compartment[]): Layout => {
    checkCompartments(compartments, D);
    const dirs = totalDirs(compartments);
    checkDirs(workers, dirs);
    const { table, partials } = packCompartments(compartments, tiles);
    const pTasks = projectTasks(compartments, tiles), uTasks = updateTasks(compartments, tiles);
    return {
      compartments: compartments.map((c) => ({ ...c })),
      dirs,
      partials,
      projectTaskCount: pTasks.length / 4,
      updateTaskCount: uTasks.length / 4,
      table: uploadBuffer(device, 'subspace.compartments', table),
      projectTasks: uploadBuffer(device, 'subspace.projectTasks', pTasks),
      updateTasks: uploadBuffer(device, 'subspace.updateTasks', uTasks),
      partialSums: createBuffer(device, 'subspace.partials', workers * partials * 4),
      coordinates: createBuffer(device, 'subspace.coordinates', workers * dirs * 4, STORAGE),
      cHat: createBuffer(device, 'subspace.cHat', workers * dirs * 4, STORAGE),
      bindings: new Map(),
    };
  };
  const release = (l: Layout) => layoutBuffers(l).forEach((b) => b.destroy());
  let layout = build(config.compartments);

  const params = (slots: number, tasks: number, epoch: number, lr: number): ArrayBuffer => {
    const block: ParamsBlock = {
      seed, epoch, dist: DIST_CODE[dist], workers: slots, dirs: layout.dirs, params: D, tasks, lr,
      partials: layout.partials, compartments: layout.compartments.length,
    };
    return packParams(block);
  };
  const bindGroup = (kernel: string, buffer: GPUBuffer | null, make: () => GPUBindGroup): GPUBindGroup => {
    let g = layout.bindings.get(kernel);
    if (!g || g.buffer !== buffer) layout.bindings.set(kernel, (g = { buffer, group: make() }));
    return g.group;
  };
  const elementGrid = (n: number) => grid2d(device, Math.ceil(n / WORKGROUP_SIZE));
  const resetCHat = () => device.queue.writeBuffer(layout.cHat, 0, new Float32Array(workers * layout.dirs));

  return {
    D, workers, seed, tiles, keepCHat,
    get dist() { return dist; },
    get compartments() { return layout.compartments; },
    get dirs() { return layout.dirs; },
    get coordinates() { return layout.coordinates; },
    get cHat() { return layout.cHat; },
    get bytes() { return [projectParams, updateParams, projectMembers.buffer, updateMembers.buffer, ...layoutBuffers(layout)].reduce((s, b) => s + b.size, 0); },

    recordProject(pass, grads, epoch, members) {
      checkEpoch(epoch);
      const slots = projectMembers.slots(members, false);
      checkSize(grads, slots * D, 'gradients');
      projectMembers.write(members);
      const l = layout;
      device.queue.writeBuffer(projectParams, 0, params(slots, l.projectTaskCount, epoch, 0));
      const { project, projectReduce } = kernels;
      const partialGroup = bindGroup('project', grads, () => project.bind([projectParams, l.table, l.projectTasks, grads, l.partialSums, projectMembers.buffer], 'subspace.project.bindGroup'));
      project.dispatch(pass, partialGroup, ...grid2d(device, l.projectTaskCount * slots));
      const reduceGroup = bindGroup('reduce', null, () => projectReduce.bind([projectParams, l.table, l.partialSums, l.coordinates], 'subspace.projectReduce.bindGroup'));
      projectReduce.dispatch(pass, reduceGroup, ...elementGrid(slots * l.dirs));
    },

    recordUpdate(pass, theta, lr, epoch, cHat = true, members) {
      checkEpoch(epoch);
      checkLearningRate(lr);
      checkSize(theta, D, 'theta');
      const slots = updateMembers.slots(members, true);
      updateMembers.write(members);
      const l = layout;
      device.queue.writeBuffer(updateParams, 0, params(slots, l.updateTaskCount, epoch, lr));
      const { update, accumulateCHat } = kernels;
      const updateGroup = bindGroup('update', theta, () => update.bind([updateParams, l.table, l.updateTasks, l.coordinates, theta, updateMembers.buffer], 'subspace.update.bindGroup'));
      update.dispatch(pass, updateGroup, ...grid2d(device, l.updateTaskCount));
      if (keepCHat && cHat) {
        const cHatGroup = bindGroup('cHat', null, () => accumulateCHat.bind([updateParams, l.coordinates, l.cHat], 'subspace.accumulateCHat.bindGroup'));
        accumulateCHat.dispatch(pass, cHatGroup, ...elementGrid(slots * l.dirs));
      }
    },

    setLive(change) {
      if (change.dist !== undefined) checkDist(change.dist);
      if (change.compartments && !sameCompartments(change.compartments, layout.compartments)) {
        const next = build(change.compartments); // new buffers start at zero: ĉ is reset
        release(layout);
        layout = next;
      } else if (change.dist !== undefined && change.dist !== dist) {
        resetCHat();
      }
      if (change.dist !== undefined) dist = change.dist;
    },

    resetCHat,

    destroy() {
      release(layout);
      projectParams.destroy();
      updateParams.destroy();
      projectMembers.buffer.destroy();
      updateMembers.buffer.destroy();
    },
  };
}
