import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import { Trainer } from './trainer';
import { CpuTrainer } from './cpu-trainer';
import type { RunConfig } from './run-config';

// The CPU engine (no WebGPU) runs the same training as the GPU one: same init, batches,
// bases and update. A 2-D spiral and a 2-16-16-3 tanh MLP (D = 371).
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const base: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'rbd', d: 16, redraw: 2, dist: 'normal', compartments: 'layer',
  alloc: 'proportional', lr: 0.5, batch: 20, seed: 3, workers: 2,
};

// The GPU computes in float32 and the CPU in float64. After 6 steps θ differs by float32
// rounding carried through 6 updates: each step's coordinates are sums of ≤ 371 products
// (relative error ≲ 371·6e-8 ≈ 2e-5 of the gradient's size, which is ≲ 1 here) times
// η = 0.5, so ≲ 1e-5 a step; 1e-4 leaves room, while a wrong batch, basis or epoch moves θ
// by 1e-2 or more.
const THETA_TOL = 1e-4;

async function both(config: RunConfig, steps: number) {
  return withDevice(async ({ device }) => {
    const gpu = await Trainer.create(device, spiral, config);
    const cpu = CpuTrainer.create(spiral, config);
    for (let t = 0; t < steps; t++) { gpu.runStep(); cpu.runStep(); }
    const result = {
      gpu: { theta: await gpu.readTheta(), metrics: await gpu.readTrainMetrics(), evaluation: await gpu.evaluate() },
      cpu: { theta: await cpu.readTheta(), metrics: await cpu.readTrainMetrics(), evaluation: await cpu.evaluate() },
    };
    gpu.destroy();
    return result;
  });
}

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);

describe('CpuTrainer (no WebGPU) against Trainer (GPU)', () => {
  it.each<[string, Partial<RunConfig>]>([
    ['rbd, 2 workers, layer compartments, redraw every 2', {}],
    ['fpd, rademacher', { method: 'fpd', redraw: 'never', dist: 'rademacher', workers: 1, compartments: 'network' }],
    ['sgd', { method: 'sgd', workers: 1 }],
  ])('%s: the same θ, training metrics and test accuracy after 6 steps', async (_, change) => {
    const { gpu, cpu } = await both({ ...base, ...change }, 6);
    expect(maxDiff(cpu.theta, gpu.theta)).toBeLessThan(THETA_TOL);
    expect(cpu.metrics.samples).toBe(gpu.metrics.samples);
    expect(cpu.metrics.loss).toBeCloseTo(gpu.metrics.loss, 4);
    expect(cpu.metrics.accuracy).toBe(gpu.metrics.accuracy);
    expect(cpu.evaluation.loss).toBeCloseTo(gpu.evaluation.loss, 4);
    // θ agrees to 1e-4, so at most a sample on a decision boundary may flip.
    expect(Math.abs(cpu.evaluation.accuracy - gpu.evaluation.accuracy)).toBeLessThanOrEqual(1 / 300);
  });

  it('changes d live, and refuses models too large for the CPU with the field to change', () => {
    const cpu = CpuTrainer.create(spiral, base);
    cpu.runStep();
    cpu.setLive({ d: 8 });
    cpu.runStep();
    expect(cpu.trainedDims).toBe(8);
    // 2-400-250-3: D = 102,203 > 100,000. 2-2000-3 at d = 200: 200·12,003 = 2.4e6 entries > 2e6.
    expect(() => CpuTrainer.create(spiral, { ...base, arch: mlp([400, 250], 'relu', 3) })).toThrow(/^arch: has D = 102,203 .*CPU/);
    expect(() => CpuTrainer.create(spiral, { ...base, arch: mlp([2000], 'relu', 3), d: 200, workers: 1, compartments: 'network' })).toThrow(/^d: needs 2,400,600 basis entries.*lower d/);
  });
});
