/**
 * Benchmarks in Node (Dawn), DESIGN.md §9: every figure is a ratio or a pair taken in
 * this one run, since machines are noisy. Writes bench/results/<device>-<date>.json and
 * a markdown table (bench-report.ts). Nothing here is asserted by a test.
 *
 *   npm run bench -- [--quick] [--cnn] [--steps 40] [--rbd-steps 3] [--d-list 16,64,256]  (bench-args.ts)
 *
 * Sections: SGD stage shares and RBD step (FC-MNIST, d = 250); fused against
 * materialised P; the RNG roofline (bench-roofline.ts); the RBD overhead
 * (bench-overhead.ts); scaling against d, D and K (bench-scaling.ts).
 */
import { getDevice } from '../engine/device';
import { loadDataset } from '../data/node';
import { batchOffset } from '../data/order';
import { createGather, recordGather } from '../data/gpu';
import { mlp, paperCNN, paperFC } from '../nn/model';
import { Trainer } from '../train/trainer';
import type { RunConfig } from '../train/run-config';
import { createBuffer } from '../engine/buffers';
import { InputError } from '../engine/errors';
import { planCompartments } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { createDenseSubspace } from '../subspace/dense';
import { DEFAULT_TILES } from '../subspace/layout';
import { parseBenchArgs } from './bench-args';
import { measureOverhead, rbdOverhead } from './bench-overhead';
import { markdown, writeResults, type BenchResult } from './bench-report';
import { measureRoofline } from './bench-roofline';
import { scaleD, scaleK, scaleParams } from './bench-scaling';
import { time, timeInterleaved, timeSteps } from './bench-timing';

async function main() {
  const o = parseBenchArgs(process.argv.slice(2));
  const { steps, rbdSteps, rounds } = o;
  // --quick: a tiny MLP and d, so that every section runs in seconds (a smoke test).
  const arch = o.quick ? mlp([8], 'relu', 10, 'fc-tiny') : paperFC();
  const d = o.quick ? 16 : 250, dForParams = o.quick ? 16 : 64;
  const log = (s: string) => console.error(`[bench ${(performance.now() / 1000).toFixed(0)} s] ${s}`);
  const { device, adapterName } = await getDevice('bench');
  const mnist = await loadDataset('mnist');
  const base: RunConfig = { arch, method: 'sgd', d, redrawEvery: 1, dist: 'normal', compartments: 'network', alloc: 'proportional', lr: 0.125, batch: 32, seed: 1, workers: 1 };

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
  sgd.destroy();

  log(`RBD steps, d = ${d}`);
  const rbd = await Trainer.create(device, mnist, { ...base, method: 'rbd', lr: 1 });
  const rbdStep = await timeSteps(rbd, rbdSteps);
  const plan = rbd.plan, D = plan.D;
  rbd.destroy();

  // Fused against materialised P, on the subspace part of an RBD step (the network part
  // is the same for both): project + update of a gradient, at the headline d.
  log('fused against materialised P');
  const compartments = planCompartments(plan, 'network', 'proportional', d);
  const sub = { D, compartments, workers: 1, seed: 1, dist: 'normal' as const };
  const grad = createBuffer(device, 'bench.grad', D * 4), theta = createBuffer(device, 'bench.theta', D * 4);
  device.queue.writeBuffer(grad, 0, Float32Array.from({ length: D }, (_, j) => Math.sin(j)));
  const fused = await createSubspace(device, sub);
  const fusedS = await time(device, rbdSteps, (p, i) => { fused.recordProject(p, grad, i); fused.recordUpdate(p, theta, 0.1, i); });
  const chunks = Math.ceil(D / DEFAULT_TILES.chunkSize);
  const fusedBytes = fused.dirs * 4 * (2 + chunks); // coordinates, ĉ and the project pass's partial sums
  fused.destroy();
  const dense = await createDenseSubspace(device, sub);
  const denseS = await time(device, rbdSteps, (p, i) => { dense.recordMaterialize(p, i); dense.recordProject(p, grad); dense.recordUpdate(p, theta, 0.1); });
  const denseBytes = dense.basisBytes;
  dense.destroy();
  grad.destroy(); theta.destroy();
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);

  log(`RNG roofline, D = ${D}, d = ${d}`);
  const roofline = await measureRoofline(device, plan, d, o.perThread, rounds);
  const overhead = [rbdOverhead(arch.name, D, d, trainerStep, rbdStep, roofline.generate.normalsPerSec)];
  if (o.cnn) {
    log('RBD overhead, CNN');
    overhead.push(await measureOverhead(device, mnist, base, paperCNN(), { d, sgdSteps: Math.min(steps, 10), rbdSteps, perThread: o.perThread, rounds }));
  }
  log(`scaling against d = ${o.dList.join(', ')}`);
  const againstD = await scaleD(device, plan, o.dList, rounds);
  log(`scaling against D: mlp widths ${o.widths.join(', ')}`);
  const againstParams = await scaleParams(device, mnist.inputShape, mnist.classes, o.widths, dForParams, rounds);
  log('scaling against K');
  const againstK = await scaleK(device, plan, d, [2, 4, 8], rounds);

  const result: BenchResult = {
    device: adapterName, date: new Date().toISOString(), node: process.version, options: o,
    model: { name: arch.name, D, d },
    sgdFcMnist: { batch: 32, stepsPerSec: 1 / trainerStep, msPerStep: 1000 * trainerStep, shares },
    rbdFcMnist: { d, msPerStep: 1000 * rbdStep, normalsPerStep: 2 * d * D, overSgd: rbdStep / trainerStep },
    fusedVsDense: {
      d, fusedMs: 1000 * fusedS, materialisedMs: 1000 * denseS, fusedBytes, materialisedBytes: denseBytes,
      largestDMaterialised: Math.floor(limit / (D * 4)), largestDFused: Math.floor(limit / (4 * chunks)), // the partial sums [chunks × d] are the largest fused buffer
      limitBytes: limit,
    },
    roofline,
    rbdOverhead: overhead,
    scaling: { againstD, againstParams: { d: dForParams, points: againstParams }, againstK: { d, points: againstK } },
  };
  const table = markdown(result);
  console.log(table);
  const file = writeResults(result, table);
  console.log(`\nwrote ${file}.json and .md (${(performance.now() / 1000).toFixed(0)} s)`);
  process.exit(0);
}

main().catch((e) => { console.error(e instanceof InputError ? e.message : e); process.exit(1); });
