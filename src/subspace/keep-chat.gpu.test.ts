import { describe, expect, it } from 'vitest';
import { readF32, uploadBuffer } from '../engine/buffers';
import { mlp, planModel } from '../nn/model';
import { withDevice } from '../test/gpu';
import { planCompartments } from './compartments';
import { createSubspace, type Subspace } from './gpu';
import { expectWithin, gpuProject, gpuUpdate, randomArray, U } from '../test/subspace-kit';

const plan = planModel(mlp([13], 'tanh', 3), [1, 1, 7], 3); // D = 146
const D = plan.D, W = 2, SEED = 11;
const TILES = { chunkSize: 128, projectThreads: 8, updateThreads: 16 };
const LRS = [0.5, 0.25, 1];

/** Runs LRS.length project + update steps at r = 0 and returns every step's coordinates and the final θ. */
async function train(device: GPUDevice, sub: Subspace): Promise<{ coords: Float32Array[]; theta: Float32Array }> {
  const theta = uploadBuffer(device, 'test.theta', randomArray(D, 1));
  const coords: Float32Array[] = [];
  for (let s = 0; s < LRS.length; s++) {
    coords.push(await gpuProject(device, sub, randomArray(W * D, 100 + s), 0));
    await gpuUpdate(device, sub, theta, null, LRS[s], 0);
  }
  return { coords, theta: await readF32(device, theta, D) };
}

describe('keepCHat: ĉ only where it is wanted (fpd)', () => {
  it('accumulates ĉ by default, keeps it at zero when false, and trains the identical θ either way', () =>
    withDevice(async ({ device }) => {
      const config = { D, compartments: planCompartments(plan, 'layer', 'proportional', 9), workers: W, seed: SEED, dist: 'normal' as const, tiles: TILES };
      const kept = await createSubspace(device, config);
      const skipped = await createSubspace(device, { ...config, keepCHat: false });
      expect([kept.keepCHat, skipped.keepCHat]).toEqual([true, false]);
      const a = await train(device, kept), b = await train(device, skipped);
      // ĉ is written only after the update: nothing that reaches θ may change, bit for bit.
      a.coords.forEach((c, s) => expect([...b.coords[s]], `coordinates of step ${s}`).toEqual([...c]));
      expect([...b.theta]).toEqual([...a.theta]);

      const n = W * kept.dirs;
      const expected = new Float64Array(n), bound = new Float64Array(n);
      a.coords.forEach((c, s) => c.forEach((x, i) => {
        expected[i] -= LRS[s] * x;
        // One f32 rounding of η·c and one of the sum per step (or one, fused).
        bound[i] += 2 * U * (Math.abs(expected[i]) + LRS[s] * Math.abs(x));
      }));
      const cHat = await readF32(device, kept.cHat, n);
      expect(cHat.some((x) => x !== 0)).toBe(true);
      expectWithin(cHat, expected, bound, 'ĉ against −Σ η c of the GPU coordinates');
      expect(skipped.cHat.size, 'cHat stays allocated at its full size').toBe(kept.cHat.size);
      expect([...await readF32(device, skipped.cHat, n)].every((x) => x === 0), 'ĉ stays zero with keepCHat false').toBe(true);

      // A rebuild by setLive keeps the setting.
      skipped.setLive({ compartments: planCompartments(plan, 'tensor', 'equal', 8) });
      await gpuProject(device, skipped, randomArray(W * D, 7), 0);
      await gpuUpdate(device, skipped, uploadBuffer(device, 'test.theta2', randomArray(D, 2)), null, 0.5, 0);
      expect([...await readF32(device, skipped.cHat, W * 8)].every((x) => x === 0), 'ĉ stays zero after setLive').toBe(true);
      kept.destroy();
      skipped.destroy();
    }));
});
