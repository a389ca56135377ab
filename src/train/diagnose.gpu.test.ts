import { describe, expect, it } from 'vitest';
import { bufferLedger } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { generateSynthetic } from '../data/synthetic';
import { mlp } from '../nn/model';
import { CpuTrainer } from './cpu-trainer';
import type { Diagnostics } from './diagnostics';
import type { RunEngine } from './engine';
import type { RunConfig } from './run-config';
import { Trainer } from './trainer';

// docs/design.md §11 on a 2-D spiral and a 2-16-16-3 tanh MLP (D = 371), small enough for
// the CPU engine: layer compartments (K = 3) and two workers for rbd and fpd.
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const base: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'rbd', d: 16, redraw: 2, dist: 'normal', compartments: 'layer',
  alloc: 'proportional', lr: 0.5, batch: 20, seed: 3, workers: 2,
};
const CASES: [string, Partial<RunConfig>][] = [
  ['sgd', { method: 'sgd', workers: 1 }],
  ['rbd, 2 workers, layer compartments', {}],
  ['fpd, 2 workers, layer compartments', { method: 'fpd', redraw: 'never' }],
];

/**
 * GPU (f32) against CPU (f64). The bases' normals differ entry by entry by up to δ = 3e-3
 * (docs/design.md §3), so u and u_G, sums of d_k such entries times coordinates that carry
 * the same errors, are off by about δ of their length, and a cosine by about δ in absolute
 * terms (not relative: a small ρ is a small difference of large terms). 1e-2 leaves room
 * for that and for θ's drift of < 1e-4 over the steps (cpu-trainer.gpu.test.ts); a wrong
 * basis, worker or compartment moves a cosine by 0.05 or more. |u| is off by about δ
 * relative; |g| and |G| have no basis in them, only θ's drift and f32 sums: 1e-3 relative.
 */
const RHO_ATOL = 1e-2, STEP_RTOL = 1e-2, LENGTH_RTOL = 1e-3;

function expectClose(gpu: Diagnostics, cpu: Diagnostics): void {
  const near = (a: number, b: number, atol: number, what: string) => expect(Math.abs(a - b), `${what}: gpu ${a}, cpu ${b}`).toBeLessThanOrEqual(atol);
  const rhos = (d: Diagnostics) => [d.rhoG, d.rho, ...d.rhoGByCompartment, ...d.rhoByCompartment];
  expect([gpu.step, gpu.redrawEpoch, gpu.probeSamples, gpu.rhoGByCompartment.length]).toEqual([cpu.step, cpu.redrawEpoch, cpu.probeSamples, cpu.rhoGByCompartment.length]);
  rhos(gpu).forEach((x, n) => near(x, rhos(cpu)[n], RHO_ATOL, `cosine ${n} (rhoG, rho, rhoG by compartment, rho by compartment)`));
  near(gpu.stepLength, cpu.stepLength, STEP_RTOL * cpu.stepLength, 'stepLength');
  near(gpu.gradLength, cpu.gradLength, LENGTH_RTOL * cpu.gradLength, 'gradLength');
  near(gpu.probeGradLength, cpu.probeGradLength, LENGTH_RTOL * cpu.probeGradLength, 'probeGradLength');
  expect(gpu.scale).toEqual(cpu.scale); // plain arithmetic on the same numbers
}

async function stepAndDiagnose(e: RunEngine, steps: number): Promise<Diagnostics> {
  for (let t = 0; t < steps; t++) e.runStep();
  const d = await e.diagnose();
  expect(d).not.toBeNull();
  return d!;
}

describe('diagnose(): docs/design.md §11 on the GPU against the CPU engine', () => {
  it.each(CASES)('%s: the same ρ_G, ρ, step lengths and scales after 5 steps, and again after 3 more', (_, change) =>
    withDevice(async ({ device }) => {
      const config = { ...base, ...change };
      const gpu = await Trainer.create(device, spiral, config), cpu = CpuTrainer.create(spiral, config);
      for (const steps of [5, 3]) {
        const [g, c] = [await stepAndDiagnose(gpu, steps), await stepAndDiagnose(cpu, steps)];
        expectClose(g, c);
        expect(g.probeSamples).toBe(600); // M = min(1000, 600 training samples)
        if (config.method === 'sgd') {
          for (const d of [g, c]) {
            expect([d.rhoG, d.rho, ...d.rhoGByCompartment]).toEqual([1, 1, 1].map((x) => expect.closeTo(x, 12))); // u_G = G: 1 up to rounding
            expect(d.scale).toEqual([0.5]);
            expect(d.stepLength).toBe(d.gradLength);
          }
        } else {
          expect(g.rhoGByCompartment).toHaveLength(3);
          expect(g.scale).toEqual(gpu.compartments.map((k) => (0.5 * k.dirs) / k.size));
          expect(g.redrawEpoch).toBe(config.method === 'fpd' ? 0 : Math.floor((gpu.step - 1) / 2));
          // Far from 1 (d ≪ D), far from 0: about √(W·d_k/D_k) for a random basis.
          expect(g.rhoG).toBeGreaterThan(0.05);
          expect(g.rhoG).toBeLessThan(0.9);
        }
      }
      gpu.destroy();
    }));

  it.each(CASES)('%s: changes no training number: θ, ĉ and the metric window after 20 steps with probes equal those without, bit for bit', (_, change) =>
    withDevice(async ({ device }) => {
      const config = { ...base, ...change };
      for (const make of [() => Trainer.create(device, spiral, config), async () => CpuTrainer.create(spiral, config)]) {
        const plain = await make(), probed = await make();
        const probes: Promise<Diagnostics | null>[] = [];
        for (let t = 1; t <= 20; t++) {
          plain.runStep();
          probed.runStep();
          if (t % 3 === 0) probes.push(probed.diagnose()); // not awaited: queued behind step t, before step t + 1
        }
        expect((await Promise.all(probes)).map((d) => d?.step)).toEqual([3, 6, 9, 12, 15, 18]);
        const [a, b] = [await plain.checkpoint(), await probed.checkpoint()];
        expect(b.theta).toEqual(a.theta);
        expect(b.cHat).toEqual(a.cHat);
        expect(b.metrics).toEqual(a.metrics);
        plain.destroy();
        probed.destroy();
      }
    }));

  it('counts the probe in the GPU memory the run reports, from the scratch vectors of its first call on; destroy() gives all back', () =>
    withDevice(async ({ device }) => {
      const start = bufferLedger(device).bytes;
      const e = await Trainer.create(device, spiral, base);
      e.runStep();
      const tablesOnly = e.bytes;
      await e.diagnose();
      // G, u, and G in each worker's slot join the tables; the ledger agrees to the byte.
      expect([e.bytes, e.bytes - tablesOnly >= (2 + base.workers) * 371 * 4]).toEqual([bufferLedger(device).bytes - start, true]);
      e.destroy();
      expect(bufferLedger(device).bytes).toBe(start);
    }));

  it('returns null where there is no step to diagnose: before the first, after a restore, after a new basis; not after a new η', () =>
    withDevice(async ({ device }) => {
      for (const make of [() => Trainer.create(device, spiral, base), async () => CpuTrainer.create(spiral, base)]) {
        const e = await make();
        expect(await e.diagnose()).toBeNull();
        e.runStep();
        e.setLive({ lr: 0.25 });
        const d = await e.diagnose();
        expect(d?.scale).toEqual(e.compartments.map((k) => (0.5 * k.dirs) / k.size)); // the η of the step taken
        e.setLive({ d: 24 });
        expect(await e.diagnose()).toBeNull();
        e.runStep();
        expect((await e.diagnose())?.scale).toEqual(e.compartments.map((k) => (0.25 * k.dirs) / k.size));
        const resumed = await make();
        await resumed.restore(await e.checkpoint());
        expect(await resumed.diagnose()).toBeNull();
        e.destroy();
        resumed.destroy();
      }
    }));
});
