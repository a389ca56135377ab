import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { loadBundledMnist } from '../data/node';
import { mlp } from '../nn/model';
import type { RunConfig } from './run-config';
import { Trainer } from './trainer';

// docs/design.md §11's explanatory figure on a quick MNIST run: 784-16-10 (D = 12,730),
// d = 64, K = 1, η = 4, batch 32, a probe every 15 steps for 150 steps. A NumPy twin of
// this setup measured rbd's ρ_G at 0.06–0.077 against √(d/D) = 0.071, and fpd's falling to
// 0.03–0.05 within 150 steps. For a Gaussian basis ρ_G ≈ |PᵀG|/|G| ≈ √(χ²_d / D), whose
// relative spread is 1/√(2d) ≈ 9% at d = 64: ±25% is about 2.8σ at each probe, so ten
// independent bases all stay inside with a chance of about 95%, and a config that misses
// once is not evidence of a bug (the GPU engine's ρ_G is checked against the CPU's in
// diagnose.gpu.test.ts). This seed's figures, on SwiftShader: rbd 0.0535–0.0815, fpd
// 0.0647 falling to 0.0442.
const mnist = loadBundledMnist();
const config: RunConfig = {
  arch: mlp([16], 'relu', 10), method: 'rbd', d: 64, redraw: 1, dist: 'normal', compartments: 'network',
  alloc: 'proportional', lr: 4, batch: 32, seed: 1, workers: 1,
};
const STEPS = 150, EVERY = 15;

/** ρ_G at every probe (steps 15, 30, …, 150). */
async function rhoGCurve(device: GPUDevice, method: 'rbd' | 'fpd'): Promise<number[]> {
  const trainer = await Trainer.create(device, mnist, { ...config, method, redraw: method === 'fpd' ? 'never' : 1 });
  const probes: Promise<number>[] = [];
  for (let t = 1; t <= STEPS; t++) {
    trainer.runStep();
    if (t % EVERY === 0) probes.push(trainer.diagnose().then((d) => d!.rhoG));
  }
  const curve = await Promise.all(probes);
  trainer.destroy();
  return curve;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('diagnose() on MNIST: how much of the true gradient the subspace sees', () => {
  it('rbd stays within ±25% of √(d/D) at every probe; fpd falls, to at most 0.8× rbd over probes 5–10', () =>
    withDevice(async ({ device }) => {
      const rbd = await rhoGCurve(device, 'rbd'), fpd = await rhoGCurve(device, 'fpd');
      const D = 784 * 16 + 16 + 16 * 10 + 10, expected = Math.sqrt(config.d / D);
      const figures = `√(d/D) = ${expected.toFixed(4)}; rbd ${rbd.map((x) => x.toFixed(4)).join(' ')}; fpd ${fpd.map((x) => x.toFixed(4)).join(' ')}`;
      expect(rbd).toHaveLength(10);
      rbd.forEach((x, n) => expect(Math.abs(x - expected), `rbd probe ${n + 1}: ${figures}`).toBeLessThanOrEqual(0.25 * expected));
      expect(mean(fpd.slice(4)), figures).toBeLessThanOrEqual(0.8 * mean(rbd.slice(4)));
    }));
});
