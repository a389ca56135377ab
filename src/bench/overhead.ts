/**
 * RBD overhead (DESIGN.md §9): t(RBD step) / (t(SGD step) + t(drawing 2·d·D normals at
 * the generate-only rate)). An RBD step does the SGD step's network work plus a project
 * and an update pass, each drawing d·D normals; 1 means those passes cost no more than
 * their random numbers. Steps are Trainer.runStep, one submit each, as in training.
 */
import type { Dataset } from '../data/dataset';
import type { Architecture } from '../nn/model';
import type { RunConfig } from '../train/run-config';
import { Trainer } from '../train/trainer';
import { measureGenerate } from './roofline';
import { timeSteps } from './timing';

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

export function rbdOverhead(model: string, D: number, d: number, sgdSeconds: number, rbdSeconds: number, normalsPerSec: number): Overhead {
  const generate = (2 * d * D) / normalsPerSec;
  return {
    model, D, d, sgdMs: 1000 * sgdSeconds, rbdMs: 1000 * rbdSeconds, generateMs: 1000 * generate,
    generateNormalsPerSec: normalsPerSec, overhead: rbdSeconds / (sgdSeconds + generate),
  };
}

/** Times SGD and RBD steps of `arch`, and the generate-only kernel at its d·D, in this run. */
export async function measureOverhead(device: GPUDevice, dataset: Dataset, base: RunConfig, arch: Architecture, o: { d: number; sgdSteps: number; rbdSteps: number; perThread: readonly number[]; rounds: number }): Promise<Overhead> {
  const sgd = await Trainer.create(device, dataset, { ...base, arch, method: 'sgd' });
  const sgdS = await timeSteps(sgd, o.sgdSteps);
  const D = sgd.plan.D;
  sgd.destroy();
  const rbd = await Trainer.create(device, dataset, { ...base, arch, method: 'rbd', d: o.d, compartments: 'network', alloc: 'proportional' });
  const rbdS = await timeSteps(rbd, o.rbdSteps);
  rbd.destroy();
  const gen = await measureGenerate(device, o.d, D, o.perThread, o.rounds);
  return rbdOverhead(arch.name, D, o.d, sgdS, rbdS, gen.normalsPerSec);
}
