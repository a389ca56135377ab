/**
 * RBD overhead (docs/design.md §9): t(RBD step) / (t(SGD step) + t(drawing 2·d·D normals at
 * the generate-only rate)). An RBD step does the SGD step's network work plus a project
 * and an update pass, each drawing d·D normals; 1 means those passes cost no more than
 * their random numbers. Steps are Trainer.runStep, one submit each, as in training; all
 * three are timed in the same interleaved rounds, so that machine drift cancels.
 */
import type { Dataset } from '../data/dataset';
import type { Architecture } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { createGenerator, shapeFor } from './generate';
import { submit, timeRuns } from './timing';

export interface Overhead {
  model: string;
  D: number;
  d: number;
  sgdMs: number;
  rbdMs: number;
  /** 2·d·D normals at generateNormalsPerSec. */
  generateMs: number;
  generateNormalsPerSec: number;
  /** rbdMs / (sgdMs + generateMs). */
  overhead: number;
}

function rbdOverhead(model: string, D: number, d: number, sgdSeconds: number, rbdSeconds: number, normalsPerSec: number): Overhead {
  const generate = (2 * d * D) / normalsPerSec;
  return {
    model, D, d, sgdMs: 1000 * sgdSeconds, rbdMs: 1000 * rbdSeconds, generateMs: 1000 * generate,
    generateNormalsPerSec: normalsPerSec, overhead: rbdSeconds / (sgdSeconds + generate),
  };
}

/**
 * Times SGD steps, RBD steps and the generate-only kernel (perThread normals a thread,
 * the roofline's shape) drawing 2·d·D normals, in the same interleaved rounds.
 */
export async function measureOverhead(device: GPUDevice, dataset: Dataset, base: RunConfig, arch: Architecture, o: { d: number; perThread: number; rounds: number }): Promise<Overhead> {
  const sgd = await Trainer.create(device, dataset, { ...base, arch, method: 'sgd' });
  const rbd = await Trainer.create(device, dataset, { ...base, arch, method: 'rbd', d: o.d, compartments: 'network', alloc: 'proportional' });
  const D = sgd.plan.D;
  const gen = await createGenerator(device, shapeFor(o.d, D, o.perThread));
  try {
    const [sgdS, rbdS, genS] = await timeRuns(device, [
      () => sgd.runStep(),
      () => rbd.runStep(),
      (rep) => submit(device, (pass) => { gen.record(pass); gen.record(pass); }, rep),
    ], o.rounds);
    return rbdOverhead(arch.name, D, o.d, sgdS, rbdS, (2 * gen.normals) / genS);
  } finally {
    sgd.destroy(); rbd.destroy(); gen.destroy();
  }
}
