/**
 * RNG roofline (docs/design.md §5, §9): the fused project and update kernels each draw d·D
 * basis normals; the generate-only kernel draws them the same way and does nothing else.
 * Their rates, timed interleaved in one run, give "project / roofline" and
 * "update / roofline" (1 = the fused kernel costs no more than its random numbers).
 * The roofline is the fastest of a few generate-only shapes (normals per thread).
 */
import { planCompartments, type ParamLayout } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { createGenerator, shapeFor } from './generate';
import { subspaceInputs, timeInterleaved } from './timing';

export interface KernelRate {
  ms: number;
  /** Normals drawn per dispatch. */
  normals: number;
  normalsPerSec: number;
}

export interface Roofline {
  D: number;
  d: number;
  /** Normals per thread of the fastest generate-only shape. */
  perThread: number;
  /** The fastest generate-only shape: the roofline. */
  generate: KernelRate;
  /** Every generate-only shape tried. */
  shapes: (KernelRate & { perThread: number })[];
  /** recordProject alone (project + its reduce pass). */
  project: KernelRate;
  /** recordUpdate alone (update + the ĉ accumulation). */
  update: KernelRate;
  projectOverRoofline: number;
  updateOverRoofline: number;
}

const rate = (seconds: number, normals: number): KernelRate => ({ ms: 1000 * seconds, normals, normalsPerSec: normals / seconds });

/** Generators of `dirs` directions of at least `entries` normals each, one per perThread. */
const generators = (device: GPUDevice, dirs: number, entries: number, perThreads: readonly number[]) =>
  Promise.all(perThreads.map((n) => createGenerator(device, shapeFor(dirs, entries, n))));

const fastest = (shapes: Roofline['shapes']) => shapes.reduce((a, b) => (b.normalsPerSec > a.normalsPerSec ? b : a));

export async function measureRoofline(device: GPUDevice, layout: ParamLayout, d: number, perThreads: readonly number[], rounds: number): Promise<Roofline> {
  const D = layout.D;
  const compartments = planCompartments(layout, 'network', 'proportional', d);
  const sub = await createSubspace(device, { D, compartments, workers: 1, seed: 1, dist: 'normal' });
  const gens = await generators(device, d, D, perThreads); // D rounded up to a multiple of perThread
  const inputs = subspaceInputs(device, D, 'bench.roofline'), { grad, theta } = inputs;
  try {
    const seconds = await timeInterleaved(device, [
      ...gens.map((g) => (pass: GPUComputePassEncoder) => g.record(pass)),
      (pass, i) => sub.recordProject(pass, grad, i),
      (pass, i) => sub.recordUpdate(pass, theta, 1e-3, i),
    ], rounds);
    const shapes = gens.map((g, k) => ({ perThread: g.shape.perThread, ...rate(seconds[k], g.normals) }));
    const best = fastest(shapes);
    const generate = { ms: best.ms, normals: best.normals, normalsPerSec: best.normalsPerSec };
    const project = rate(seconds[gens.length], d * D), update = rate(seconds[gens.length + 1], d * D);
    return {
      D, d, perThread: best.perThread, generate, shapes, project, update,
      projectOverRoofline: project.normalsPerSec / generate.normalsPerSec,
      updateOverRoofline: update.normalsPerSec / generate.normalsPerSec,
    };
  } finally {
    sub.destroy(); gens.forEach((g) => g.destroy()); inputs.destroy();
  }
}
