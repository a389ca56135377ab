/**
 * What a Trainer allocates on the GPU, built in one place so that a failure half-way
 * gives back everything made so far.
 */
import { createBuffer } from '../engine/buffers';
import type { Dataset } from '../data/dataset';
import { createGather, uploadDataset, type GatherState, type GpuSplit } from '../data/gpu';
import { createNetwork, type Network } from '../nn/network';
import type { Compartment } from '../subspace/compartments';
import { createSubspace, type Subspace } from '../subspace/gpu';
import type { RunConfig } from '../experiment/run';
import { GpuProbe } from './probe';
import type { RunPlan } from './run-config';

/** What a Trainer allocates on the GPU. */
export interface Parts {
  network: Network;
  train: GpuSplit;
  test: GpuSplit;
  gathers: GatherState[];
  subspace: Subspace | null;
  /** [W × D] gradients for W > 1; worker 0 alone projects straight from network.grad. */
  grads: GPUBuffer | null;
  /** diagnose()'s probe (./probe.ts). */
  probe: GpuProbe;
}


/**
 * θ0 is initialised (recordInit) and η set; nothing else is submitted. `slots`: the
 * subspace's rows of coordinates, W by default; a room member's holds the room's most
 * members, since its update sums them all (room/member.ts).
 */
export async function buildParts(device: GPUDevice, dataset: Dataset, run: RunPlan, slots = run.config.workers): Promise<Parts> {
  const { plan, compartments } = run, c = run.config;
  const made: { destroy(): void }[] = [];
  try {
    const network = await createNetwork(device, plan, c.batch, { label: 'train' });
    made.push(network);
    const train = uploadDataset(device, dataset.train, 'train');
    made.push(train);
    const test = uploadDataset(device, dataset.test, 'test');
    made.push(test);
    const gathers = await Promise.all(Array.from({ length: c.workers }, (_, w) => createGather(device, train, c.batch, `train.gather${w}`)));
    made.push(...gathers);
    let subspace: Subspace | null = null, grads: GPUBuffer | null = null;
    if (compartments) {
      made.push((subspace = await newSubspace(device, plan.D, { ...c, workers: slots }, compartments)));
      if (c.workers > 1) made.push((grads = createBuffer(device, 'train.workerGrads', c.workers * plan.D * 4)));
    }
    const probe = await GpuProbe.create(device, network, train, c.workers, rangesOf(compartments ?? [{ start: 0, end: plan.D }]));
    made.push(probe);
    network.setLearningRate(c.lr);
    const encoder = device.createCommandEncoder({ label: 'train.init' });
    network.recordInit(encoder, c.seed);
    device.queue.submit([encoder.finish()]);
    return { network, train, test, gathers, subspace, grads, probe };
  } catch (e) {
    made.forEach((m) => m.destroy());
    throw e;
  }
}

/** The subspace of a run's config over `compartments`. */
export const newSubspace = (device: GPUDevice, D: number, c: RunConfig, compartments: Compartment[]) =>
  createSubspace(device, { D, compartments, workers: c.workers, seed: c.seed, dist: c.dist });

/** The parameter ranges [a_k, b_k) of compartments, as the probe sums them. */
export const rangesOf = (comps: readonly { start: number; end: number }[]) => comps.map((k) => [k.start, k.end] as const);
