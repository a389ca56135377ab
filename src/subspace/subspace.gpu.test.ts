import { describe, expect, it } from 'vitest';
import { uploadBuffer } from '../engine/buffers';
import { mlp, planModel } from '../nn/model';
import { materializeCPU, projectCPU, updateCPU } from '../reference/subspace';
import { DISTRIBUTIONS, type Distribution } from '../rng/distributions';
import { withDevice } from '../test/gpu';
import { planCompartments, type Allocation } from './compartments';
import { createSubspace } from './gpu';
import { DEFAULT_TILES, SOFTWARE_TILES, type SubspaceTiles } from './layout';
import { expectWithin, gpuProject, gpuUpdate, projectBound, randomArray, updateBound } from '../test/subspace-kit';

// D = 17·31+31 + 31·7+7 + 7·3+3 = 806 (not a multiple of 4), tensors of odd sizes.
const plan = planModel(mlp([31, 7], 'tanh', 3), [1, 1, 17], 3);
const D = plan.D;
// Small tiles, so that compartments span several chunks (a multi-chunk reduce), several
// direction tiles of 2·4 directions, chunks cut in 2 parts (compartments of d_k ≤ 4) and
// update workgroups that end inside a compartment.
const SMALL: Partial<SubspaceTiles> = { chunkSize: 256, projectThreads: 2, updateThreads: 16 };
const SEED = 0x5eed;

interface Case { dist: Distribution; scheme: string; alloc: Allocation; d: number; W: number; r: number; tiles?: Partial<SubspaceTiles> }

/** One project and one update on the GPU against the CPU reference, with derived bounds. */
async function checkStep(device: GPUDevice, { dist, scheme, alloc, d, W, r, tiles = SMALL }: Case): Promise<void> {
  const compartments = planCompartments(plan, scheme, alloc, d);
  const sub = await createSubspace(device, { D, compartments, workers: W, seed: SEED, dist, tiles });
  const S = sub.dirs;
  const grads = randomArray(W * D, 1 + r);
  const coords = await gpuProject(device, sub, grads, r);
  const Ps: Float64Array[] = [], rows: Float32Array[] = [];
  for (let w = 0; w < W; w++) {
    const g = grads.subarray(w * D, (w + 1) * D);
    const P = materializeCPU(D, compartments, SEED, dist, r, w);
    const got = coords.subarray(w * S, (w + 1) * S);
    const want = projectCPU(g, compartments, SEED, dist, r, w);
    expectWithin(got, want, projectBound(P, g, compartments, dist, D), `${dist} ${scheme} ${alloc} W=${W} r=${r}: coordinates of worker ${w}`);
    Ps.push(P);
    rows.push(got);
  }
  // The update starts from the coordinates just read back, so it is checked on its own.
  const theta0 = randomArray(D, 77);
  const theta = uploadBuffer(device, 'test.theta', theta0);
  const lr = 0.7;
  const got = await gpuUpdate(device, sub, theta, null, lr, r);
  const want = updateCPU(theta0, rows, compartments, SEED, dist, r, lr);
  expectWithin(got, want, updateBound(Ps, rows, want, compartments, dist, lr, D), `${dist} ${scheme} ${alloc} W=${W} r=${r}: θ after the update`);
  sub.destroy();
}

describe('fused project and update against the CPU reference', () => {
  const schemes = ['network', 'layer', 'tensor', 'chunk:101'];
  for (const dist of DISTRIBUTIONS) {
    it.each(schemes)(`${dist}, %s, proportional, W = 3, r = 5`, (scheme) =>
      withDevice(({ device }) => checkStep(device, { dist, scheme, alloc: 'proportional', d: 24, W: 3, r: 5 })));
  }

  for (const alloc of ['equal', 'each'] as const) {
    it.each(schemes)(`uniform, %s, ${alloc}, W = 1, r = 0`, (scheme) =>
      withDevice(({ device }) => checkStep(device, { dist: 'uniform', scheme, alloc, d: alloc === 'each' ? 3 : 13, W: 1, r: 0 })));
  }

  it('handles quads shared by up to four compartments (chunk:3, each d = 2)', () =>
    withDevice(({ device }) => checkStep(device, { dist: 'normal', scheme: 'chunk:3', alloc: 'each', d: 2, W: 2, r: 1 })));

  for (const [name, tiles] of [['GPU', DEFAULT_TILES], ['software', SOFTWARE_TILES]] as const) {
    it(`with the ${name} tiles (one chunk cut in parts; several direction tiles at d = 300)`, () =>
      withDevice(async ({ device }) => {
        for (const dist of DISTRIBUTIONS) await checkStep(device, { dist, scheme: 'layer', alloc: 'proportional', d: 40, W: 2, r: 2, tiles });
        await checkStep(device, { dist: 'normal', scheme: 'network', alloc: 'proportional', d: 300, W: 1, r: 3, tiles });
      }));
  }
});

describe('the counter (i, j>>2, r, w)', () => {
  it('r and w enter the draw: coordinates differ across epochs and workers, and match the CPU at their own', () =>
    withDevice(async ({ device }) => {
      const compartments = planCompartments(plan, 'network', 'proportional', 8);
      const sub = await createSubspace(device, { D, compartments, workers: 2, seed: SEED, dist: 'normal', tiles: SMALL });
      const g = randomArray(D, 5);
      const grads = new Float32Array(2 * D);
      grads.set(g, 0);
      grads.set(g, D); // the same gradient for both workers
      const at = (r: number) => gpuProject(device, sub, grads, r);
      const [c0, c1] = [await at(0), await at(1)];
      const P = materializeCPU(D, compartments, SEED, 'normal', 1, 1);
      const bound = projectBound(P, g, compartments, 'normal', D);
      expectWithin(c1.subarray(8), projectCPU(g, compartments, SEED, 'normal', 1, 1), bound, 'worker 1 at r = 1');
      // Independent directions give coordinates that differ by O(‖g‖/√D · √2), not by rounding.
      const differ = (a: Float32Array, b: Float32Array) => a.every((x, n) => Math.abs(x - b[n]) > 1e-3);
      expect(differ(c0.subarray(0, 8), c1.subarray(0, 8)), 'r changes the draw').toBe(true);
      expect(differ(c1.subarray(0, 8), c1.subarray(8)), 'w changes the draw').toBe(true);
      sub.destroy();
    }));
});
