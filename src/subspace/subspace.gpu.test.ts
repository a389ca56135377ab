import { describe, expect, it } from 'vitest';
import { readF32, uploadBuffer } from '../engine/buffers';
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

describe('member ids in the counter (docs/design.md §13)', () => {
  // Three compartments (layer), so that a slot's coordinates cross compartment edges.
  const compartments = planCompartments(plan, 'layer', 'proportional', 12);
  const create = (device: GPUDevice, dist: Distribution, workers: number) =>
    createSubspace(device, { D, compartments, workers, seed: SEED, dist, tiles: SMALL });

  for (const dist of DISTRIBUTIONS) {
    it(`${dist}: a room member projects its own gradient alone, with its id as w (members [5] of W = 3)`, () =>
      withDevice(async ({ device }) => {
        const sub = await create(device, dist, 3);
        const S = sub.dirs;
        const g = randomArray(D, 11); // [W' × D]: one slot's gradient is enough
        const coords = await gpuProject(device, sub, g, 4, [5]);
        const own = coords.subarray(0, S);
        const bound = projectBound(materializeCPU(D, compartments, SEED, dist, 4, 5), g, compartments, dist, D);
        expectWithin(own, projectCPU(g, compartments, SEED, dist, 4, 5), bound, `${dist}: slot 0 drawn with w = 5`);
        // As in 'the counter' above: independent directions differ by O(‖g‖/√D_k), not by rounding.
        const slot0 = projectCPU(g, compartments, SEED, dist, 4, 0);
        expect(own.every((c, i) => Math.abs(c - slot0[i]) > 1e-3), 'w = 5, not the slot index 0').toBe(true);
        // W' = 1: project and its reduce leave the other slots as created (zeros).
        expect(Array.from(coords.subarray(S)).every((c) => c === 0), 'slots 1 and 2 untouched').toBe(true);
        sub.destroy();
      }));

    it(`${dist}: project and update over members [0, 2, 7] in 3 of W = 4 slots match the CPU`, () =>
      withDevice(async ({ device }) => {
        const members = [0, 2, 7], r = 6, lr = 0.7;
        const sub = await create(device, dist, 4);
        const S = sub.dirs;
        const grads = randomArray(3 * D, 21);
        const coords = await gpuProject(device, sub, grads, r, members);
        const Ps = members.map((w) => materializeCPU(D, compartments, SEED, dist, r, w));
        const rows = members.map((w, s) => {
          const g = grads.subarray(s * D, (s + 1) * D);
          const got = coords.subarray(s * S, (s + 1) * S);
          expectWithin(got, projectCPU(g, compartments, SEED, dist, r, w), projectBound(Ps[s], g, compartments, dist, D), `${dist}: slot ${s}, member ${w}`);
          return got;
        });
        // Slot 3 holds large junk: the update must sum the W' = 3 slots only.
        const written = new Float32Array(4 * S).fill(1e3);
        written.set(coords.subarray(0, 3 * S));
        const theta0 = randomArray(D, 78);
        const got = await gpuUpdate(device, sub, uploadBuffer(device, 'test.theta', theta0), written, lr, r, members);
        const want = updateCPU(theta0, rows, compartments, SEED, dist, r, lr, members);
        expectWithin(got, want, updateBound(Ps, rows, want, compartments, dist, lr, D), `${dist}: θ after the update over members [0, 2, 7]`);
        // ĉ from zero: one correctly rounded product per entry, f32(η)·c, so exact; slot 3 stays 0.
        const cHat = await readF32(device, sub.cHat, 4 * S);
        const eta = Math.fround(lr);
        expect(Array.from(cHat)).toEqual(Array.from(written, (c, n) => (n < 3 * S ? Math.fround(-eta * c) : 0)));
        sub.destroy();
      }));

    it(`${dist}: members omitted are bit-identical to [0, 1, 2] given, also after other ids were used`, () =>
      withDevice(async ({ device }) => {
        const sub = await create(device, dist, 3);
        const grads = randomArray(3 * D, 31);
        const project = (members?: number[]) => gpuProject(device, sub, grads, 2, members);
        const omitted = await project();
        const given = await project([0, 1, 2]);
        await project([9]); // changes the ids held on the GPU, so omitting them must write the identity again
        const again = await project();
        expect(Array.from(given)).toEqual(Array.from(omitted));
        expect(Array.from(again)).toEqual(Array.from(omitted));

        const theta0 = randomArray(D, 79);
        const update = (members?: number[]) => gpuUpdate(device, sub, uploadBuffer(device, 'test.theta', theta0), omitted, 0.3, 2, members);
        const thetaOmitted = await update();
        const thetaGiven = await update([0, 1, 2]);
        await update([1, 4]);
        const thetaAgain = await update();
        expect(Array.from(thetaGiven)).toEqual(Array.from(thetaOmitted));
        expect(Array.from(thetaAgain)).toEqual(Array.from(thetaOmitted));
        sub.destroy();
      }));
  }

  it('refuses bad members, naming them: none, more than W, duplicates, descending (update), not u32 ids', () =>
    withDevice(async ({ device }) => {
      const sub = await create(device, 'uniform', 3);
      const grads = uploadBuffer(device, 'test.grads', new Float32Array(3 * D));
      const theta = uploadBuffer(device, 'test.theta', new Float32Array(D));
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      const project = (members: number[]) => () => sub.recordProject(pass, grads, 0, members);
      const update = (members: number[]) => () => sub.recordUpdate(pass, theta, 0.1, 0, true, members);
      for (const record of [project, update]) {
        expect(record([])).toThrow(/^members: must hold 1 to W = 3 member ids, got 0$/);
        expect(record([0, 1, 2, 3])).toThrow(/^members: must hold 1 to W = 3 member ids, got 4$/);
        expect(record([1, 1])).toThrow(/^members: .*distinct/);
        for (const bad of [1.5, -1, 2 ** 32, NaN]) expect(record([0, bad])).toThrow(`members: ids must be whole numbers in [0, 2^32), got ${bad}`);
      }
      expect(project([2, 0])).not.toThrow(); // project sums nothing over members: any order
      expect(update([2, 0])).toThrow(/^members: must be ascending and distinct \(the summation order\), got 2 before 0$/);
      pass.end();
      encoder.finish();
      sub.destroy();
    }));
});
