/**
 * Scaling of the subspace part of an RBD step (recordProject + recordUpdate, docs/design.md
 * §9) against d, against D and against K compartments. Every point of a series is timed
 * in the same interleaved rounds. The work of a point is Σ_k d_k·D_k basis normals per
 * pass: with 'proportional' allocation Σ d_k = d stays fixed and the work falls to about
 * d·D/K, which is the claim "K compartments cut basis generation by close to K".
 */
import { mlp, planModel, type Shape } from '../nn/model';
import { planCompartments, totalDirs, type ParamLayout } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { subspaceInputs, timeInterleaved } from './timing';

export interface ScalePoint {
  label: string;
  D: number;
  /** K: number of compartments. */
  K: number;
  /** Σ d_k: trained dimensions. */
  dirs: number;
  /** Σ_k d_k·D_k: normals drawn by each of project and update. */
  work: number;
  /** project + update, per step. */
  ms: number;
}

export interface KPoint extends ScalePoint {
  /** t(K = 1) / t: ideally K. */
  speedup: number;
  /** t·K / t(K = 1): ideally 1 ("cut by K"). */
  timeTimesKOverK1: number;
  /** d·D / work: the cut in normals drawn, which the speedup can at best reach. */
  workCut: number;
}

interface Case { label: string; layout: ParamLayout; scheme: string; d: number }

async function timeCases(device: GPUDevice, cases: readonly Case[], rounds: number): Promise<ScalePoint[]> {
  const made: { destroy(): void }[] = [];
  try {
    const runs = [];
    for (const c of cases) {
      const D = c.layout.D;
      const compartments = planCompartments(c.layout, c.scheme, 'proportional', c.d);
      const sub = await createSubspace(device, { D, compartments, workers: 1, seed: 1, dist: 'normal' });
      const inputs = subspaceInputs(device, D, `bench.scale.${c.label}`), { grad, theta } = inputs;
      made.push(sub, inputs);
      const point = { label: c.label, D, K: compartments.length, dirs: totalDirs(compartments), work: compartments.reduce((s, k) => s + k.dirs * k.size, 0) };
      runs.push({ point, record: (p: GPUComputePassEncoder, i: number) => { sub.recordProject(p, grad, i); sub.recordUpdate(p, theta, 1e-3, i); } });
    }
    const seconds = await timeInterleaved(device, runs.map((r) => r.record), rounds);
    return runs.map((r, k) => ({ ...r.point, ms: 1000 * seconds[k] }));
  } finally {
    made.forEach((m) => m.destroy());
  }
}

/** Against d, on one model, 'network' compartment. */
export const scaleD = (device: GPUDevice, layout: ParamLayout, dList: readonly number[], rounds: number) =>
  timeCases(device, dList.map((d) => ({ label: `d = ${d}`, layout, scheme: 'network', d })), rounds);

/** Against D: mlp([w]) on `inputShape` for each width w, at fixed d, 'network' compartment. */
export const scaleParams = (device: GPUDevice, inputShape: Shape, classes: number, widths: readonly number[], d: number, rounds: number) =>
  timeCases(device, widths.map((w) => ({ label: `mlp([${w}])`, layout: planModel(mlp([w], 'relu', classes), inputShape, classes), scheme: 'network', d })), rounds);

/** Against K at fixed Σ d_k = d: 'network', chunk:⌈D/K⌉ for each K, and 'layer'. */
export async function scaleK(device: GPUDevice, layout: ParamLayout, d: number, ks: readonly number[], rounds: number): Promise<KPoint[]> {
  const cases: Case[] = [
    { label: 'network', layout, scheme: 'network', d },
    ...ks.map((K) => ({ label: `chunk:${Math.ceil(layout.D / K)}`, layout, scheme: `chunk:${Math.ceil(layout.D / K)}`, d })),
    { label: 'layer', layout, scheme: 'layer', d },
  ];
  const points = await timeCases(device, cases, rounds);
  const t1 = points[0].ms, w1 = points[0].work;
  return points.map((p) => ({ ...p, speedup: t1 / p.ms, timeTimesKOverK1: (p.ms * p.K) / t1, workCut: w1 / p.work }));
}
