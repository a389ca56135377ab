import { expect, test } from '@playwright/test';
import type { BenchResult } from '../src/bench/report';
import { watchCsp } from './fixtures';

// The benchmark page (`npm run bench -- --browser`) at --quick sizes: every section runs
// in the page, and TensorFlow.js trains the same network on the same batches from the
// same θ. Timings are only checked to be measured (positive), never compared.
test('the bench page runs every section and the TensorFlow.js peers (SGD, RBD) compute what we compute', async ({ page }) => {
  test.setTimeout(180_000);
  const violations = await watchCsp(page); // the bench page, TensorFlow.js included, runs under the built page's CSP
  await page.goto(`/?bench=${encodeURIComponent('--quick')}`);
  await page.waitForFunction(() => window.__bench?.result || window.__bench?.error, undefined, { timeout: 150_000, polling: 500 });
  const state = await page.evaluate(() => window.__bench!);
  expect(state.error).toBeUndefined();
  expect(await violations()).toEqual([]);
  const r = state.result as BenchResult;
  expect(r.device).toBeTruthy();
  expect(r.runtime).toContain('Chrome');
  const sum = r.sgdFcMnist.shares.reduce((a, s) => a + s.share, 0);
  expect(sum).toBeCloseTo(1, 6);
  for (const x of [r.sgdFcMnist.stepsPerSec, r.rbdFcMnist.msPerStep, r.roofline.generate.normalsPerSec, r.roofline.project.normalsPerSec, r.peer!.oursStepsPerSec, r.peer!.tfjsStepsPerSec]) {
    expect(x).toBeGreaterThan(0);
    expect(Number.isFinite(x)).toBe(true);
  }
  expect(r.fusedVsDense.largestDFused).toBeGreaterThan(r.fusedVsDense.largestDMaterialised);
  expect(r.tileCandidates.length).toBe(4); // project and update at 16 and 64 threads
  for (const p of r.tileCandidates) expect(p.oneMs > 0 && p.eightMs > 0).toBe(true);
  // Same network, batches, η and starting θ: after 4 steps the two differ only by float32
  // rounding. Each gradient entry sums ≤ 32·(8 + 1) products (fc-tiny: 784-8-10, batch 32)
  // in different orders; with gradients ≲ 1 and η = 0.125 that is ≲ 1e-6 a step, so 1e-4
  // on θ and on the mean loss leaves two orders of magnitude, yet a wrong batch, η or
  // layout moves them by 1e-2 or more.
  const a = r.peer!.agreement;
  expect(Math.abs(a.oursLoss - a.tfjsLoss)).toBeLessThan(1e-4);
  expect(a.maxThetaDiff).toBeLessThan(1e-4);
  expect(a.oursLoss).toBeGreaterThan(0.5); // a real loss, not an empty batch (ln 10 ≈ 2.3 at the start)
  // RBD as TF.js would write it (rbd-peer.ts), given our P for the check: 2 steps at
  // fc-tiny (D = 6,370, d = 16). θ moves by ~1e-3 in them, and the two differ only by the
  // rounding of c = P·g (sums of D terms, relative error ≲ √D·6e-8 ≈ 5e-6) and of Pᵀc,
  // so the difference must stay under 1e-3 of the move (measured: 1e-5 of it), which any
  // other basis, a missing 1/√D_k, another η or batch would exceed at once. The losses
  // are checked as the SGD peer's (the first step's is the same θ's).
  const rp = r.rbdPeer!;
  for (const x of [rp.oursStepsPerSec, rp.tfjsStepsPerSec, rp.oursSubspaceBytes, rp.tfjsStepBytes, rp.tfjsDrawMs]) {
    expect(x).toBeGreaterThan(0);
    expect(Number.isFinite(x)).toBe(true);
  }
  expect(rp.tfjsBasisBytes).toBe(rp.d * rp.D * 4);
  const ra = rp.agreement;
  expect(ra.maxThetaMove).toBeGreaterThan(1e-5);
  expect(ra.maxThetaDiff).toBeLessThan(1e-3 * ra.maxThetaMove);
  expect(Math.abs(ra.oursLoss - ra.tfjsLoss)).toBeLessThan(1e-4);
  expect(ra.oursLoss).toBeGreaterThan(0.5);
  await expect(page.getByTestId('bench-table')).toContainText('tfjs-backend-webgpu');
  await expect(page.getByTestId('bench-table')).toContainText('tf.randomNormal P');
});
