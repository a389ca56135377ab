import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import { Trainer } from './trainer';
import { exportCoordinates, importCoordinates } from './coordinates';
import type { RunConfig } from './run-config';

const data = generateSynthetic('gaussians', 5, { classes: 3, train: 600, test: 300 });
const config: RunConfig = {
  arch: mlp([16], 'tanh', 3), method: 'fpd', d: 24, redraw: 'never', dist: 'normal', compartments: 'layer',
  alloc: 'proportional', lr: 1, batch: 20, seed: 9, workers: 2,
};

describe('fpd model in a few numbers', () => {
  it('rebuilds θ = θ0 + Σ_w P_w ĉ_w from {seed, architecture, ĉ} with no data, to the same test accuracy', () =>
    withDevice(async ({ device }) => {
      const trained = await Trainer.create(device, data, config);
      for (let t = 0; t < 60; t++) trained.runStep();
      const before = await trained.evaluate();
      const theta = await trained.readTheta();
      const file = JSON.stringify(await exportCoordinates(trained, 'gaussians'));
      trained.destroy();

      const rebuilt = await Trainer.create(device, data, config);
      await importCoordinates(rebuilt, file, 'model.json', 'gaussians');
      const after = await rebuilt.evaluate();
      const thetaAgain = await rebuilt.readTheta();
      rebuilt.destroy();
      // θ_T summed 60 small updates in f32; θ0 + Pĉ applies their sum once. The difference
      // is f32 rounding of |θ| ≲ 1 over ~60 additions: far below 1e-4.
      expect(Math.max(...thetaAgain.map((x, j) => Math.abs(x - theta[j])))).toBeLessThan(1e-4);
      expect(after.accuracy).toBeCloseTo(before.accuracy, 2);
      expect(after.accuracy).toBeGreaterThan(0.5); // it learned: chance is 1/3
    }));

  it('refuses a coordinates file for another seed or architecture, naming it', () =>
    withDevice(async ({ device }) => {
      const trained = await Trainer.create(device, data, config);
      trained.runStep();
      const file = JSON.stringify(await exportCoordinates(trained, 'gaussians'));
      trained.destroy();
      const otherSeed = await Trainer.create(device, data, { ...config, seed: 10 });
      await expect(importCoordinates(otherSeed, file, 'model.json', 'gaussians')).rejects.toThrow(/model\.json: was made for seed 9, but this run has 10/);
      otherSeed.destroy();
      const otherArch = await Trainer.create(device, data, { ...config, arch: mlp([8], 'tanh', 3) });
      await expect(importCoordinates(otherArch, file, 'model.json', 'gaussians')).rejects.toThrow(/model\.json: was made for architecture/);
      otherArch.destroy();
    }));
});
