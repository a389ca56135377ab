import { describe, expect, it } from 'vitest';
import { paperCNN, paperFC, planModel, mlp } from './model';

describe('parameter layout', () => {
  it.each([
    ['FC', 'MNIST', paperFC(), [28, 28, 1], 101_770],
    ['FC', 'CIFAR-10', paperFC(), [32, 32, 3], 394_634],
    ['CNN', 'MNIST', paperCNN(), [28, 28, 1], 93_322],
    ['CNN', 'CIFAR-10', paperCNN(), [32, 32, 3], 122_570],
  ] as const)('the paper\'s %s on %s has D = %#', (_n, _d, arch, shape, D) => {
    expect(planModel(arch, shape, 10).D).toBe(D);
  });

  it('lays each layer out as weights then bias, contiguously', () => {
    const plan = planModel(mlp([5, 3], 'tanh', 2), [1, 1, 7], 2);
    expect(plan.tensors.map((t) => [t.role, t.offset, t.size])).toEqual([
      ['weight', 0, 35], ['bias', 35, 5], ['weight', 40, 15], ['bias', 55, 3], ['weight', 58, 6], ['bias', 64, 2],
    ]);
    expect(plan.D).toBe(66);
  });

  it('names the layer and the problem when a shape does not fit', () => {
    expect(() => planModel({ name: 'x', layers: [{ kind: 'dense', units: 10 }] }, [28, 28, 1], 10)).toThrow(/layer 1 \(dense\).*flatten/);
    expect(() => planModel({ name: 'x', layers: [{ kind: 'conv2d', filters: 4, kernel: 5, padding: 'valid' }] }, [3, 3, 1], 10)).toThrow(/5×5 kernel does not fit a 3×3/);
    expect(() => planModel({ name: 'x', layers: [{ kind: 'softmax' } as never] }, [1, 1, 3], 3)).toThrow(/unknown layer kind 'softmax'/);
    expect(() => planModel(mlp([4], 'relu', 3), [1, 1, 5], 10)).toThrow(/10 classes/);
  });
});
