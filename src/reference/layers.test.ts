/**
 * Every backward pass of the CPU reference against central finite differences in float64.
 * With h = 1e-6 the truncation error is h²/6·|f‴| ≈ 1e-13 and the rounding error is about
 * ε·|f|/h ≈ 1e-16·10/1e-6 = 1e-9, so atol 1e-7 with rtol 1e-7 leaves a 100× margin while an
 * indexing bug (errors of order 0.1) cannot pass.
 */
import { describe, expect, it } from 'vitest';
import type { ConvDims, DenseDims, PoolDims } from '../nn/dims';
import { expectAllClose } from '../test/stats';
import {
  activationBackward, activationForward, conv2dBackwardInput, conv2dBackwardParams, conv2dForward,
  denseBackwardInput, denseBackwardParams, denseForward, maxpool2Backward, maxpool2Forward,
} from './layers';
import { softmaxXent } from './step';
import { awayFromZero, dot, numericGradient, randomLabels, randomValues } from './layers.testdata';

const FD = { rtol: 1e-7, atol: 1e-7 };

describe('dense backward (finite differences)', () => {
  const d: DenseDims = { batch: 5, inSize: 17, outSize: 31, offset: 3 };
  const theta = randomValues(3 + 17 * 31 + 31 + 2, 1);
  const x = randomValues(5 * 17, 2);
  const r = randomValues(5 * 31, 3);
  const loss = () => dot(r, denseForward(x, theta, d));

  it('inputGrad', () => expectAllClose(denseBackwardInput(r, theta, d), numericGradient(loss, x), FD, 'dense inputGrad'));

  it('weightGrad and biasGrad, written only into the layer slice of g', () => {
    const g = new Float64Array(theta.length).fill(7);
    denseBackwardParams(x, r, d, g);
    const slice = [d.offset, d.offset + 17 * 31 + 31] as const;
    expectAllClose(g.subarray(...slice), numericGradient(loss, theta).subarray(...slice), FD, 'dense params grad');
    expect([...g.subarray(0, 3), ...g.subarray(slice[1])]).toEqual([7, 7, 7, 7, 7]);
  });
});

describe.each(['valid', 'same'] as const)('conv2d backward, %s padding (finite differences)', (padding) => {
  const k = 3, pad = padding === 'same' ? 1 : 0;
  const d: ConvDims = { batch: 2, height: 7, width: 5, inChannels: 3, outHeight: 7 - 2 + 2 * pad, outWidth: 5 - 2 + 2 * pad, outChannels: 4, kernel: k, pad, offset: 5 };
  const params = k * k * 3 * 4 + 4;
  const theta = randomValues(5 + params + 3, 4);
  const x = randomValues(2 * 7 * 5 * 3, 5);
  const r = randomValues(2 * d.outHeight * d.outWidth * 4, 6);
  const loss = () => dot(r, conv2dForward(x, theta, d));

  it('inputGrad', () => expectAllClose(conv2dBackwardInput(r, theta, d), numericGradient(loss, x), FD, 'conv inputGrad'));

  it('weightGrad and biasGrad', () => {
    const g = new Float64Array(theta.length);
    conv2dBackwardParams(x, r, d, g);
    expectAllClose(g, numericGradient(loss, theta), FD, 'conv params grad'); // zero outside the slice on both sides
  });
});

describe('maxpool2 backward (finite differences)', () => {
  // 7×5 drops the last row and column. Inputs are a permutation of k/210 (×11 is coprime
  // with 210), so there are no ties and every gap (1/210) is far wider than h.
  const d: PoolDims = { batch: 2, height: 7, width: 5, channels: 3, outHeight: 3, outWidth: 2 };
  const x = Float64Array.from({ length: 210 }, (_, n) => ((n * 11) % 210) / 210);
  const r = randomValues(2 * 3 * 2 * 3, 7);

  it('inputGrad routes to the argmax and is zero elsewhere, including the dropped edge', () => {
    const { argmax } = maxpool2Forward(x, d);
    const numeric = numericGradient(() => dot(r, maxpool2Forward(x, d).y), x);
    expectAllClose(maxpool2Backward(r, argmax, d), numeric, FD, 'maxpool inputGrad');
    expect(numeric.filter((v) => v !== 0).length).toBe(r.length);
  });

  it('ties go to the first element in scan order', () => {
    const one: PoolDims = { batch: 1, height: 2, width: 2, channels: 1, outHeight: 1, outWidth: 1 };
    expect([...maxpool2Forward([1, 3, 3, 3], one).argmax]).toEqual([1]);
  });
});

describe.each(['relu', 'tanh'] as const)('%s backward (finite differences)', (op) => {
  it('inputGrad, away from the ReLU kink', () => {
    const x = awayFromZero(randomValues(200, 8, 4), 1e-3);
    const r = randomValues(200, 9);
    const numeric = numericGradient(() => dot(r, activationForward(op, x)), x);
    expectAllClose(activationBackward(op, activationForward(op, x), r), numeric, FD, `${op} inputGrad`);
  });
});

describe.each([10, 3])('softmax cross-entropy with C = %i (finite differences)', (C) => {
  const rows = 7;
  const logits = randomValues(rows * C, 10 + C, 8);
  const labels = randomLabels(rows, C, C);

  it.each([7, 5])('logitsGrad is the gradient of the mean loss over the first %i rows', (count) => {
    const mean = () => softmaxXent(logits, labels, rows, C, count).loss.reduce((s, v) => s + v, 0) / count;
    const { logitsGrad, loss } = softmaxXent(logits, labels, rows, C, count);
    expectAllClose(logitsGrad, numericGradient(mean, logits), FD, 'logitsGrad');
    expect([...loss.subarray(count)].every((v) => v === 0)).toBe(true);
  });

  it('is stable for huge logits and gives log C for equal ones', () => {
    const big = softmaxXent([1000, -1000, 999], [2], 1, 3);
    expect(big.loss[0]).toBeCloseTo(Math.log(1 + Math.exp(1) + Math.exp(-1999)), 12);
    expect(softmaxXent(new Float64Array(C), [0], 1, C).loss[0]).toBeCloseTo(Math.log(C), 12);
  });
});
