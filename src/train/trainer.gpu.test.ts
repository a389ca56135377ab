import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import { Trainer } from './trainer';
import type { RunConfig } from './run-config';

// Small and fast on SwiftShader: a 2-D spiral and a 2-16-16-3 tanh MLP (D = 371).
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const base: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'sgd', d: 16, redraw: 1, dist: 'normal', compartments: 'network',
  alloc: 'proportional', lr: 0.5, batch: 20, seed: 3, workers: 1,
};

async function lossCurve(device: GPUDevice, config: RunConfig, steps: number, every = 5): Promise<number[]> {
  const trainer = await Trainer.create(device, spiral, config);
  const losses: number[] = [];
  for (let t = 1; t <= steps; t++) {
    trainer.runStep();
    if (t % every === 0) losses.push((await trainer.readTrainMetrics()).loss);
  }
  trainer.destroy();
  return losses;
}

describe('Trainer', () => {
  it('learns: SGD loss falls and test accuracy beats chance by far', () =>
    withDevice(async ({ device }) => {
      const gaussians = generateSynthetic('gaussians', 7, { classes: 3, train: 600, test: 300 });
      const trainer = await Trainer.create(device, gaussians, { ...base, lr: 0.3 });
      const before = await trainer.evaluate();
      for (let t = 0; t < 300; t++) trainer.runStep();
      const after = await trainer.evaluate();
      trainer.destroy();
      expect(after.loss).toBeLessThan(before.loss * 0.8);
      expect(after.accuracy).toBeGreaterThan(0.5); // chance is 1/3
      expect(after.confusion.flat().reduce((a, b) => a + b)).toBe(300);
    }));

  it('gives the identical loss curve twice with the same seed, and another with another seed', () =>
    withDevice(async ({ device }) => {
      for (const method of ['sgd', 'rbd'] as const) {
        const a = await lossCurve(device, { ...base, method }, 30);
        const b = await lossCurve(device, { ...base, method }, 30);
        expect(b).toEqual(a); // bit for bit: same device, same submits
        const c = await lossCurve(device, { ...base, method, seed: 4 }, 30);
        expect(c).not.toEqual(a);
      }
    }));

  it('rbd and fpd learn in a subspace; fpd equals rbd with redrawEvery = never', () =>
    withDevice(async ({ device }) => {
      const fpd = await lossCurve(device, { ...base, method: 'fpd', d: 32, lr: 2 }, 40, 40);
      const never = await lossCurve(device, { ...base, method: 'rbd', redraw: 'never', d: 32, lr: 2 }, 40, 40);
      expect(never).toEqual(fpd);
      const rbd = await lossCurve(device, { ...base, method: 'rbd', d: 32, lr: 2 }, 150, 150);
      expect(rbd[0]).toBeLessThan(Math.log(3)); // below the loss of a uniform guess
    }));

  it('changes d, the distribution and η between two steps without a reset', () =>
    withDevice(async ({ device }) => {
      const trainer = await Trainer.create(device, spiral, { ...base, method: 'rbd', d: 8, lr: 1 });
      for (let t = 0; t < 10; t++) trainer.runStep();
      const before = await trainer.readTheta();
      trainer.setLive({ d: 24, dist: 'rademacher', lr: 0.5 });
      expect(trainer.trainedDims).toBe(24);
      trainer.runStep();
      const after = await trainer.readTheta();
      expect(trainer.step).toBe(11);
      expect(after).not.toEqual(before);
      expect(Math.max(...after.map((x, j) => Math.abs(x - before[j])))).toBeLessThan(1); // a step, not a re-init
      expect(() => trainer.setLive({ d: 0 })).toThrow(/d: 0 is outside 1…1000000/);
      trainer.destroy();
    }));

  it('names the problem in a bad configuration', () =>
    withDevice(async ({ device }) => {
      await expect(Trainer.create(device, spiral, { ...base, method: 'sgd', workers: 2 })).rejects.toThrow(/workers: 2 workers need method rbd or fpd: workers exchange subspace coordinates/);
      await expect(Trainer.create(device, spiral, { ...base, lr: NaN })).rejects.toThrow(/lr: 'NaN' is not a number/);
      await expect(Trainer.create(device, spiral, { ...base, method: 'rbd', d: 400 })).rejects.toThrow(/d/);
      await expect(Trainer.create(device, spiral, { ...base, batch: 601 })).rejects.toThrow(/larger than the 600 training samples/);
    }));
});
