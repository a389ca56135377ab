/**
 * Benchmarks in Node (Dawn): every figure is a ratio or a pair taken in this one run,
 * since machines are noisy. Writes bench/results/<device>-<date>.json and a markdown
 * table. Nothing here is asserted by a test.
 *
 *   npm run bench -- [--steps 40] [--rbd-steps 3]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { getDevice } from '../engine/device';
import { loadDataset } from '../data/node';
import { batchOffset } from '../data/order';
import { createGather, recordGather } from '../data/gpu';
import { paperFC } from '../nn/model';
import { Trainer } from '../train/trainer';
import type { RunConfig } from '../train/run-config';
import { createBuffer } from '../engine/buffers';
import { planCompartments } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import { createDenseSubspace } from '../subspace/dense';
import { DEFAULT_TILES } from '../subspace/layout';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

/** Seconds per repetition of `record`, each its own submit, timed to GPU completion. */
async function time(device: GPUDevice, reps: number, record: (pass: GPUComputePassEncoder, i: number) => void): Promise<number> {
  const submit = (i: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    record(pass, i);
    pass.end();
    device.queue.submit([encoder.finish()]);
  };
  submit(0); // warm-up: pipelines and first-use costs
  await device.queue.onSubmittedWorkDone();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) submit(i);
  await device.queue.onSubmittedWorkDone();
  return (performance.now() - t0) / 1000 / reps;
}

async function main() {
  const steps = arg('steps', 40), rbdSteps = arg('rbd-steps', 3);
  const { device, adapterName } = await getDevice('bench');
  const mnist = await loadDataset('mnist');
  const base: RunConfig = { arch: paperFC(), method: 'sgd', d: 250, redrawEvery: 1, dist: 'normal', compartments: 'network', alloc: 'proportional', lr: 0.125, batch: 32, seed: 1, workers: 1 };
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
  const seconds = stages.map(() => 0), rounds = 5;
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < stages.length; k++) seconds[k] += (await time(device, Math.ceil(steps / rounds), stages[k][1])) / rounds;
  }
  const sum = seconds.reduce((a, b) => a + b);
  const shares = stages.map(([name], k) => ({ stage: name, ms: 1000 * seconds[k], share: seconds[k] / sum }));
  const trainerStep = await time(device, steps, () => {}).then(async () => {
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) sgd.runStep();
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / 1000 / steps;
  });
  sgd.destroy();

  const rbd = await Trainer.create(device, mnist, { ...base, method: 'rbd', lr: 1 });
  rbd.runStep();
  await device.queue.onSubmittedWorkDone();
  const r0 = performance.now();
  for (let i = 0; i < rbdSteps; i++) rbd.runStep();
  await device.queue.onSubmittedWorkDone();
  const rbdStep = (performance.now() - r0) / 1000 / rbdSteps;

  // Fused against materialised P, on the subspace part of an RBD step (the network part
  // is the same for both): project + update of a real gradient at FC-MNIST, d = 250.
  const plan = rbd.plan, D = plan.D;
  const compartments = planCompartments(plan, 'network', 'proportional', 250);
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
  const fusedVsDense = {
    d: 250, fusedMs: 1000 * fusedS, materialisedMs: 1000 * denseS, fusedBytes, materialisedBytes: denseBytes,
    largestDMaterialised: Math.floor(limit / (D * 4)), largestDFused: Math.floor(limit / (4 * chunks)), // the partial sums [chunks × d] are the largest fused buffer
  };

  rbd.destroy();
  const result = {
    device: adapterName, date: new Date().toISOString(), node: process.version,
    sgdFcMnist: { batch: 32, stepsPerSec: 1 / trainerStep, msPerStep: 1000 * trainerStep, shares },
    rbdFcMnist: { d: 250, msPerStep: 1000 * rbdStep, normalsPerStep: 2 * 250 * rbd.plan.D, overSgd: rbdStep / trainerStep },
    fusedVsDense,
  };
  const table = [
    `Device: ${adapterName} (${result.date.slice(0, 10)})`, '',
    '| FC-MNIST, batch 32 | value |', '|---|---|',
    `| SGD steps/s | ${result.sgdFcMnist.stepsPerSec.toFixed(1)} |`,
    ...shares.map((s) => `| SGD share: ${s.stage} | ${(100 * s.share).toFixed(1)}% (${s.ms.toFixed(2)} ms) |`),
    `| RBD d = 250 step | ${result.rbdFcMnist.msPerStep.toFixed(0)} ms (${result.rbdFcMnist.overSgd.toFixed(1)}× SGD) |`,
    `| subspace part, fused / materialised P | ${fusedVsDense.fusedMs.toFixed(0)} ms / ${fusedVsDense.materialisedMs.toFixed(0)} ms (${(fusedVsDense.materialisedMs / fusedVsDense.fusedMs).toFixed(2)}× faster fused) |`,
    `| subspace memory, fused / materialised P | ${(fusedVsDense.fusedBytes / 1024).toFixed(0)} KiB / ${(fusedVsDense.materialisedBytes / 2 ** 20).toFixed(1)} MiB |`,
    `| largest d, fused / materialised (device limit ${(limit / 2 ** 20).toFixed(0)} MiB) | ${fusedVsDense.largestDFused.toLocaleString('en')} / ${fusedVsDense.largestDMaterialised.toLocaleString('en')} |`,
  ].join('\n');
  console.log(table);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${adapterName.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${result.date.slice(0, 10)}`;
  writeFileSync(`${file}.json`, JSON.stringify(result, null, 1));
  writeFileSync(`${file}.md`, table + '\n');
  console.log(`\nwrote ${file}.json and .md`);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
