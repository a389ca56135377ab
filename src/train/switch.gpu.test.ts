import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import type { LivePatch } from '../experiment/live';
import { exportCoordinates, importCoordinates } from './coordinates';
import { CpuTrainer } from './cpu-trainer';
import type { RunEngine } from './engine';
import type { RunConfig } from './run-config';
import { Trainer } from './trainer';

// A 2-D spiral and a 2-16-16-3 tanh MLP (D = 371), starting with sgd ("burn-in", Larsen et al. 2022).
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const base: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'sgd', d: 24, redraw: 1, dist: 'normal', compartments: 'layer',
  alloc: 'proportional', lr: 0.5, batch: 20, seed: 3, workers: 1,
};

/** sgd, then rbd at a larger η from step 8, fpd from step 16 (η kept), and sgd again from step 24. */
const SWITCHES = new Map<number, LivePatch>([[8, { method: 'rbd', lr: 1 }], [16, { method: 'fpd' }], [24, { method: 'sgd' }]]);

async function train(e: RunEngine, steps: number, switches = SWITCHES) {
  while (e.step < steps) {
    const patch = switches.get(e.step);
    if (patch) { await e.prepare(patch); e.setLive(patch); }
    e.runStep();
  }
  return e.readTheta();
}

// As in cpu-trainer.gpu.test.ts: f32 against f64 over ~30 small steps stays far below 1e-4,
// while a wrong basis, epoch or step size moves θ by 1e-2 or more.
const THETA_TOL = 1e-4;
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);

describe('switching the method live', () => {
  it('applies at the step it names, keeps η unless the change sets it, and draws fpd’s fixed basis at the switch step', () =>
    withDevice(async ({ device }) => {
      const e = await Trainer.create(device, spiral, base);
      await train(e, 17);
      expect(e.config).toMatchObject({ method: 'fpd', lr: 1, redraw: 'never' });
      expect(e.log.map((c) => c.step)).toEqual([8, 16]);
      expect((await e.diagnose())?.redrawEpoch).toBe(16); // r = the switch step: a basis no earlier step drew
      await train(e, 20);
      expect((await e.diagnose())?.redrawEpoch).toBe(16);
      await train(e, 26);
      expect(e.config).toMatchObject({ method: 'sgd', redraw: 1 }); // leaving fpd, redraw is its default again
      expect(e.trainedDims).toBe(371);
      e.destroy();
    }));

  it('is deterministic: the same switches give the same θ, also after a restore, and the CPU engine agrees', () =>
    withDevice(async ({ device }) => {
      const a = await Trainer.create(device, spiral, base);
      await train(a, 20);
      const checkpoint = await a.checkpoint();
      const whole = await train(a, 30);
      const b = await Trainer.create(device, spiral, base);
      expect(await train(b, 30)).toEqual(whole);
      const resumed = await Trainer.create(device, spiral, base);
      await resumed.restore(checkpoint, a.log.slice(checkpoint.log.length));
      expect(await train(resumed, 30, new Map())).toEqual(whole);
      expect(checkpoint.anchor).not.toBeNull(); // fpd from step 16: θ_a is part of what the next step depends on
      const cpu = CpuTrainer.create(spiral, base);
      expect(maxDiff(await train(cpu, 30), whole)).toBeLessThan(THETA_TOL);
      for (const e of [a, b, resumed]) e.destroy();
    }));

  it('exports an fpd run that switched mid-run with its anchor, and rebuilds θ from it', () =>
    withDevice(async ({ device }) => {
      const e = await Trainer.create(device, spiral, base);
      const theta = await train(e, 30, new Map([[10, { method: 'fpd' } as LivePatch]]));
      const file = await exportCoordinates(e, 'spiral');
      expect(file.basisEpoch).toBe(10);
      expect(file.anchor).toHaveLength(371);
      e.destroy();
      const rebuilt = await Trainer.create(device, spiral, { ...base, method: 'fpd', redraw: 'never' });
      await importCoordinates(rebuilt, JSON.stringify(file), 'model.json', 'spiral');
      // θ_T summed 20 small updates in f32; θ_a + Pĉ applies their sum once (as in coordinates.gpu.test.ts).
      expect(maxDiff(await rebuilt.readTheta(), theta)).toBeLessThan(1e-4);
      const broken = { ...file, anchor: file.anchor!.slice(1) };
      await expect(importCoordinates(rebuilt, JSON.stringify(broken), 'model.json', 'spiral')).rejects.toThrow(/model\.json: anchor must hold D = 371 finite numbers/);
      rebuilt.destroy();
    }));
});
