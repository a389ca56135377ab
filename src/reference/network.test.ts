/** The whole-network CPU reference: gradient by finite differences, and Glorot init. */
import { describe, expect, it } from 'vitest';
import { planModel } from '../nn/model';
import { glorotScale } from '../nn/dims';
import { expectAllClose, meanVar } from '../test/stats';
import { glorotInit } from './step';
import { networkForward, networkGradient } from './network';
import { numericGradient, randomLabels, randomValues } from './layers.testdata';
import { SMALL_CNN, SMALL_MLP } from './network.testdata';

describe.each([['MLP', SMALL_MLP], ['CNN', SMALL_CNN]] as const)('small %s on 7×5×3 inputs', (_, arch) => {
  const plan = planModel(arch, [7, 5, 3], 10);
  const batch = 4;
  const x = randomValues(batch * 105, 20);
  const labels = randomLabels(batch, 10, 21);

  it('g equals finite differences of the mean loss for every parameter', () => {
    // Random θ (not Glorot) makes activations large enough to exercise every layer.
    // Away from ReLU kinks and maxpool ties by chance: with random data the nearest one is
    // ~1e-4 away, far beyond h = 1e-6. Tolerances as src/reference/layers.test.ts.
    const theta = randomValues(plan.D, 22, 0.5);
    const { g, loss } = networkGradient(plan, theta, x, labels, batch);
    const numeric = numericGradient(() => networkGradient(plan, theta, x, labels, batch).loss, theta);
    expectAllClose(g, numeric, { rtol: 1e-7, atol: 1e-7 }, `${arch.name} g`);
    expect(loss).toBeGreaterThan(0);
  });

  it('padding rows past count change neither the loss nor g', () => {
    const theta = glorotInit(plan, 3);
    const full = networkGradient(plan, theta, x.subarray(0, 3 * 105), labels, 3);
    const padded = networkGradient(plan, theta, x, labels, batch, 3);
    expect(padded.loss).toBeCloseTo(full.loss, 14);
    expectAllClose(padded.g, full.g, { atol: 1e-15 }, 'g with padding');
  });

  it('forward gives [B, classes] logits', () => {
    expect(networkForward(plan, glorotInit(plan, 1), x, batch).logits.length).toBe(batch * 10);
  });
});

describe('glorotInit', () => {
  const plan = planModel(SMALL_CNN, [7, 5, 3], 10);
  const theta = glorotInit(plan, 42);

  it('zeroes biases and bounds weights by a = √(6/(fan_in+fan_out)), with variance a²/3', () => {
    for (const layer of plan.layers.filter((l) => l.weightSize)) {
      const a = glorotScale(layer.fanIn, layer.fanOut);
      const w = theta.subarray(layer.offset, layer.offset + layer.weightSize);
      expect(w.every((v) => Math.abs(v) < a)).toBe(true);
      expect([...theta.subarray(layer.offset + layer.weightSize, layer.offset + layer.weightSize + layer.biasSize)].every((v) => v === 0)).toBe(true);
      // 108..360 weights: the sample variance of U(−a, a) has relative se ≈ √(0.8/n) ≤ 9%.
      if (layer.weightSize > 100) expect(meanVar(w).variance / (a * a / 3)).toBeGreaterThan(0.6);
    }
  });

  it('depends on the seed, and every value is an f32', () => {
    expect(glorotInit(plan, 43)[0]).not.toBe(theta[0]);
    expect(theta.every((v) => Math.fround(v) === v)).toBe(true);
  });
});
