/**
 * The benchmark of docs/design.md §9, on any device: Dawn in Node (src/cli/bench.ts) or
 * WebGPU in a page (browser.ts). Every figure is a ratio or a pair taken in this one
 * run, since machines are noisy. Nothing here is asserted by a test.
 *
 * Sections: SGD stage shares (FC-MNIST); fused against materialised P (d = 250); the
 * RNG roofline (roofline.ts); the RBD step and its overhead (overhead.ts); scaling
 * against d, D and K (scaling.ts); workgroup sizes (tiles.ts). The TensorFlow.js peer
 * (peer.ts) needs a page and is added by browser.ts. With --cnn: the CNN's RBD overhead, its
 * conv2d kernels one by one (conv.ts) and, in a page, the CNN peer (cnn-peer.ts).
 */
import type { Dataset } from '../data/dataset';
import { batchOffset } from '../data/order';
import { createGather, recordGather } from '../data/gpu';
import { mlp, paperCNN, paperFC, type Architecture } from '../nn/model';
import { Trainer } from '../train/trainer';
import type { RunConfig } from '../train/run-config';
import { planCompartments } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { createDenseSubspace } from './dense';
import type { BenchOptions } from './args';
import { measureConv } from './conv';
import { measureOverhead } from './overhead';
import type { BenchResult } from './report';
import { measureRoofline } from './roofline';
import { scaleD, scaleK, scaleParams } from './scaling';
import { measureTiles } from './tiles';
import { subspaceInputs, timeInterleaved, timeSteps } from './timing';

/** The headline network: the paper's FC, or a tiny MLP under --quick (every section in seconds). */
export const benchArch = (o: BenchOptions): Architecture => (o.quick ? mlp([8], 'relu', 10, 'fc-tiny') : paperFC());

/** The SGD run every section starts from (FC-MNIST, batch 32, the paper's η). */
export const sgdConfig = (o: BenchOptions): RunConfig => ({
  arch: benchArch(o), method: 'sgd', d: o.quick ? 16 : 250, redraw: 1, dist: 'normal', compartments: 'network',
  alloc: 'proportional', lr: 0.125, batch: 32, seed: 1, workers: 1,
});

/** The CNN SGD run of --cnn: the paper's CNN-MNIST at its SGD η (src/experiment/paper.ts), batch 32. */
export const cnnConfig = (o: BenchOptions): RunConfig => ({ ...sgdConfig(o), arch: paperCNN(), lr: 0.031 });

/** Steps a round for the CNN, whose steps take 10–100× longer than FC's on SwiftShader. */
export const cnnSteps = (o: BenchOptions) => Math.max(2, Math.ceil(o.steps / 8));

export interface BenchContext {
  device: GPUDevice;
  adapterName: string;
  /** 'node v20.20.2' or the browser's user agent. */
  runtime: string;
  mnist: Dataset;
  log: (line: string) => void;
}

export async function runBench({ device, adapterName, runtime, mnist, log }: BenchContext, o: BenchOptions): Promise<BenchResult> {
  const { steps, rounds } = o;
  const base = sgdConfig(o), arch = base.arch, d = base.d;
  const dForParams = o.quick ? 16 : 64;

  log(`SGD stages, ${arch.name}`);
  const sgd = await Trainer.create(device, mnist, base);
  const net = sgd.network;
  const gather = await createGather(device, sgd.train, 32, 'bench.gather');
  const offset = (i: number) => batchOffset(32, i % sgd.stepsPerEpoch);
  // Each stage timed alone (its inputs are left in place by earlier submits), in
  // interleaved rounds so that drift in machine load spreads over all stages alike.
  const stages: [string, (p: GPUComputePassEncoder, i: number) => void][] = [
    ['gather', (p, i) => recordGather(p, gather, net.input, net.labels, offset(i))],
    ['forward + loss', (p) => net.recordForward(p)],
    ['metrics', (p) => net.recordMetrics(p)],
    ['backward', (p) => net.recordBackward(p)],
    ['sgd update', (p) => net.recordSgd(p)],
  ];
  const seconds = await timeInterleaved(device, stages.map(([, r]) => r), 5, Math.ceil(steps / 5));
  const sum = seconds.reduce((a, b) => a + b);
  const shares = stages.map(([name], k) => ({ stage: name, ms: 1000 * seconds[k], share: seconds[k] / sum }));
  const trainerStep = await timeSteps(sgd, steps);
  const plan = sgd.plan, D = plan.D;
  sgd.destroy();

  // Fused against materialised P, on the subspace part of an RBD step (the network part
  // is the same for both): project + update of a gradient, at the headline d.
  log('fused against materialised P');
  const compartments = planCompartments(plan, 'network', 'proportional', d);
  const sub = { D, compartments, workers: 1, seed: 1, dist: 'normal' as const };
  const { grad, theta, destroy: destroyInputs } = subspaceInputs(device, D, 'bench');
  const fused = await createSubspace(device, sub), dense = await createDenseSubspace(device, sub);
  const [fusedS, denseS] = await timeInterleaved(device, [
    (p, i) => { fused.recordProject(p, grad, i); fused.recordUpdate(p, theta, 0.1, i); },
    (p, i) => { dense.recordMaterialize(p, i); dense.recordProject(p, grad); dense.recordUpdate(p, theta, 0.1); },
  ], rounds);
  const fusedBytes = fused.bytes, tiles = fused.tiles, denseBytes = dense.basisBytes;
  fused.destroy(); dense.destroy(); destroyInputs();
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);

  log(`RNG roofline, D = ${D}, d = ${d}`);
  const roofline = await measureRoofline(device, plan, d, o.perThread, rounds);
  const overheadOf = (a: Architecture) => measureOverhead(device, mnist, base, a, { d, perThread: roofline.perThread, rounds });
  log(`RBD overhead, ${arch.name}`);
  const overhead = [await overheadOf(arch)];
  const rbdMs = overhead[0].rbdMs; // the headline RBD step, timed in the overhead's rounds
  let convKernels: BenchResult['convKernels'];
  if (o.cnn) {
    log('RBD overhead, CNN');
    overhead.push(await overheadOf(paperCNN()));
    log('conv2d kernels, CNN');
    convKernels = await measureConv(device, rounds);
  }
  log(`scaling against d = ${o.dList.join(', ')}`);
  const againstD = await scaleD(device, plan, o.dList, rounds);
  log(`scaling against D: mlp widths ${o.widths.join(', ')}`);
  const againstParams = await scaleParams(device, mnist.inputShape, mnist.classes, o.widths, dForParams, rounds);
  log('scaling against K');
  const againstK = await scaleK(device, plan, d, [2, 4, 8], rounds);
  log('tile candidates');
  const tileCandidates = await measureTiles(device, plan, d, rounds, o.quick ? [16, 64] : undefined);

  return {
    device: adapterName, date: new Date().toISOString(), runtime, options: o, tiles,
    model: { name: arch.name, D, d },
    sgdFcMnist: { batch: 32, stepsPerSec: 1 / trainerStep, msPerStep: 1000 * trainerStep, shares },
    rbdFcMnist: { d, msPerStep: rbdMs, normalsPerStep: 2 * d * D, overSgd: rbdMs / overhead[0].sgdMs },
    fusedVsDense: {
      d, fusedMs: 1000 * fusedS, materialisedMs: 1000 * denseS, fusedBytes, materialisedBytes: denseBytes,
      largestDMaterialised: Math.floor(limit / (D * 4)),
      // The fused path's largest buffer is project's partial sums, [chunks × d] (one part a chunk at large d).
      largestDFused: Math.floor(limit / (4 * Math.ceil(D / tiles.chunkSize))),
      limitBytes: limit,
    },
    roofline,
    rbdOverhead: overhead,
    scaling: { againstD, againstParams: { d: dForParams, points: againstParams }, againstK: { d, points: againstK } },
    tileCandidates, convKernels,
  };
}
