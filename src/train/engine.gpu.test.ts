import { describe, expect, it } from 'vitest';
import { bufferLedger } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import { livePatchFor } from '../experiment/live';
import { CpuTrainer } from './cpu-trainer';
import type { RunEngine } from './engine';
import { runInfo } from './report';
import type { RunConfig } from './run-config';
import { Trainer } from './trainer';

// A 2-16-16-3 tanh MLP on a 2-D spiral (D = 371): small enough for the CPU engine too.
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const base: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'rbd', d: 16, redraw: 2, dist: 'normal', compartments: 'layer',
  alloc: 'proportional', lr: 0.5, batch: 20, seed: 3, workers: 2,
};

/** Live changes at fixed steps: d (new compartments), η, the distribution and the redraw policy. */
const CHANGES = new Map<number, Parameters<RunEngine['setLive']>[0]>([[4, { d: 24, lr: 0.25 }], [9, { dist: 'uniform' }], [13, { redraw: 3, lr: 0.4 }]]);

/** Trains to `steps`, making the changes above unless a restored log replays them; reads the metrics only at the end. */
async function train(e: RunEngine, steps: number, makeChanges = true) {
  while (e.step < steps) {
    const change = CHANGES.get(e.step);
    if (change && makeChanges) e.setLive(livePatchFor(e.config.method, change)); // as the controls send it: fpd takes no redraw
    e.runStep();
  }
  return { metrics: await e.readTrainMetrics(), theta: await e.readTheta() };
}

describe('run engine: checkpoint and restore', () => {
  it.each<[string, Partial<RunConfig>]>([
    ['rbd, 2 workers, layer compartments', {}],
    ['fpd (ĉ and its anchor)', { method: 'fpd', redraw: 'never' }],
    ['sgd', { method: 'sgd', workers: 1 }],
  ])('a run restored mid-window from a checkpoint replays the rest of its live changes and matches the uninterrupted run bit for bit: %s', (_, patch) =>
    withDevice(async ({ device }) => {
      const config = { ...base, ...patch };
      for (const make of [() => Trainer.create(device, spiral, config), async () => CpuTrainer.create(spiral, config)]) {
        const whole = await make();
        await train(whole, 11); // past two changes; the metric window stays open
        const checkpoint = await whole.checkpoint();
        const uninterrupted = await train(whole, 20);
        const cHat = whole instanceof Trainer && config.method === 'fpd' ? await whole.checkpoint() : null;

        const resumed = await make();
        await resumed.restore(checkpoint, whole.log.slice(checkpoint.log.length));
        expect(resumed.step).toBe(11);
        const replayed = await train(resumed, 20, false);
        expect(replayed.theta).toEqual(uninterrupted.theta);
        expect(replayed.metrics).toEqual(uninterrupted.metrics); // the window spans the checkpoint
        expect(resumed.log).toEqual(whole.log);
        expect(resumed.config).toEqual(whole.config);
        if (cHat) expect((await resumed.checkpoint()).cHat).toEqual(cHat.cHat);
        expect(checkpoint.cHat === null).toBe(!(whole instanceof Trainer && config.method === 'fpd'));
        whole.destroy();
        resumed.destroy();
      }
    }));

  it('refuses to restore into an engine that has trained, or a checkpoint of another model', () =>
    withDevice(async ({ device }) => {
      const a = await Trainer.create(device, spiral, base);
      const checkpoint = await a.checkpoint();
      a.runStep();
      await expect(a.restore(checkpoint)).rejects.toThrow(/fresh engine/);
      const other = await Trainer.create(device, spiral, { ...base, arch: mlp([8], 'tanh', 3) });
      await expect(other.restore(checkpoint)).rejects.toThrow(/checkpoint has 371 parameters, the model has/);
      a.destroy();
      other.destroy();
    }));

  it("refuses the other engine's checkpoint, and a ĉ of another plan", () =>
    withDevice(async ({ device }) => {
      const cpu = await CpuTrainer.create(spiral, base), gpu = await Trainer.create(device, spiral, base);
      await expect(gpu.restore(await cpu.checkpoint())).rejects.toThrow(/θ is the CPU engine's \(f64\); this run trains on the GPU/);
      await expect((await CpuTrainer.create(spiral, base)).restore(await gpu.checkpoint())).rejects.toThrow(/θ is the GPU engine's \(f32\)/);
      const fpd = { ...base, method: 'fpd', redraw: 'never' } as const;
      const a = await Trainer.create(device, spiral, fpd), b = await Trainer.create(device, spiral, fpd);
      const checkpoint = await a.checkpoint();
      await expect(b.restore({ ...checkpoint, cHat: checkpoint.cHat!.slice(1) })).rejects.toThrow(/ĉ has 31 floats, this run's has 32/);
      [cpu, gpu, a, b].forEach((e) => e.destroy());
    }));

  it('refuses to switch a run of several workers to sgd, changing nothing', () =>
    withDevice(async ({ device }) => {
      const e = await Trainer.create(device, spiral, base);
      expect(() => e.setLive({ method: 'sgd', lr: 2 })).toThrow(/workers: 2 workers need method rbd or fpd/);
      expect(e.config).toMatchObject({ method: 'rbd', lr: 0.5 });
      expect(e.log).toEqual([]);
      e.destroy();
    }));
});

describe('run engine: the GPU memory it reports', () => {
  it('is the sum of its live buffers, as the ledger counts them, through an evaluation and a new d; destroy() gives all back', () =>
    withDevice(async ({ device }) => {
      const before = bufferLedger(device);
      const held = () => bufferLedger(device).bytes - before.bytes;
      const e = await Trainer.create(device, spiral, base);
      expect(e.bytes).toBe(held());
      e.runStep();
      await e.evaluate(); // the evaluator's network and buffers join the run
      expect(e.bytes).toBe(held());
      e.setLive({ d: 40 }); // the subspace rebuilds its tables for the new compartments
      expect(e.bytes).toBe(held());
      const info = runInfo('r', e);
      expect(info).toMatchObject({ type: 'runInfo', usedBytes: held() });
      e.destroy();
      expect(bufferLedger(device)).toEqual(before);
    }));

  it('says sgd has no basis: no stored P and no coordinates to exchange', () =>
    withDevice(async ({ device }) => {
      const e = await Trainer.create(device, spiral, { ...base, method: 'sgd', workers: 1 });
      expect(runInfo('s', e)).toMatchObject({ D: 371, sumDk: 371, storedPBytes: 0, bytesPerStepWorkers: 0, allReduceBytes: 371 * 4 });
      e.destroy();
    }));
});
