import { describe, expect, it } from 'vitest';
import { mlp, planModel } from '../nn/model';
import { allocate, allocateProportional, checkCompartments, chunkSize, MAX_CHUNK, parseCompartmentScheme, planCompartments, totalDirs } from './compartments';
import { DEFAULT_TILES, DIRS_PER_THREAD, packCompartments, projectSpan, projectTasks, updateTasks } from './layout';

// D = 17·31+31 + 31·7+7 + 7·3+3 = 806 (not a multiple of 4), tensors of odd sizes.
const plan = planModel(mlp([31, 7], 'tanh', 3), [1, 1, 17], 3);

describe('compartment schemes', () => {
  it('parses and formats every scheme, and rejects bad ones naming the value', () => {
    expect(parseCompartmentScheme('network')).toBe('network');
    expect(parseCompartmentScheme('chunk:37')).toBe('chunk:37');
    expect(chunkSize('chunk:37')).toBe(37);
    expect(chunkSize('layer')).toBeNull();
    expect(parseCompartmentScheme(`chunk:${MAX_CHUNK}`)).toBe(`chunk:${MAX_CHUNK}`);
    expect(() => parseCompartmentScheme('chunk:0')).toThrow(/compartments: chunk size 0 is outside 1…100000000/);
    expect(() => parseCompartmentScheme(`chunk:${MAX_CHUNK + 1}`)).toThrow(/outside/);
    expect(() => parseCompartmentScheme('chunk:2.5')).toThrow(/chunk size '2.5' is not a whole number/);
    expect(() => parseCompartmentScheme('chunk:')).toThrow(/chunk size '' is not a whole number/);
    expect(() => parseCompartmentScheme('chunk:1e3')).toThrow(/not a whole number/);
    expect(() => parseCompartmentScheme('layers')).toThrow(/'layers' is not one of network, layer, tensor, chunk:N/);
    expect(() => planCompartments(plan, 'chunk:-3', 'each', 1)).toThrow(/chunk size '-3' is not a whole number/);
  });

  it('splits the layout as DESIGN §2 says', () => {
    const ranges = (s: string) => planCompartments(plan, s, 'each', 1).map((c) => [c.start, c.end]);
    expect(plan.D).toBe(806);
    expect(ranges('network')).toEqual([[0, 806]]);
    expect(ranges('layer')).toEqual([[0, 558], [558, 782], [782, 806]]);
    expect(ranges('tensor')).toEqual([[0, 527], [527, 558], [558, 775], [775, 782], [782, 803], [803, 806]]);
    const chunks = ranges('chunk:250');
    expect(chunks).toEqual([[0, 250], [250, 500], [500, 750], [750, 806]]);
  });

  it('gives each compartment contiguous directions e_k and checks the tiling', () => {
    const cs = planCompartments(plan, 'tensor', 'proportional', 20);
    let e = 0;
    for (const c of cs) { expect(c.dirStart).toBe(e); expect(c.size).toBe(c.end - c.start); e += c.dirs; }
    expect(totalDirs(cs)).toBe(20);
    expect(() => checkCompartments(cs, plan.D)).not.toThrow();
    expect(() => checkCompartments(cs, plan.D + 1)).toThrow(/cover \[0, 806\) but the model has D = 807/);
    expect(() => checkCompartments([cs[0], cs[2]], plan.D)).toThrow(/compartment 1 .* does not continue/);
  });
});

describe('allocation of d', () => {
  it('proportional: largest remainder, Σ d_k = d, every d_k ≥ 1, ties to the lower k', () => {
    expect(allocateProportional([50, 30, 20], 10)).toEqual([5, 3, 2]);
    // Quotas 3.5, 3.5, 3: the tie between k = 0 and 1 goes to k = 0.
    expect(allocateProportional([35, 35, 30], 10)).toEqual([4, 3, 3]);
    // Quotas 0.003 and 0.003 are raised to 1; the rest is re-apportioned to k = 0.
    expect(allocateProportional([1000, 1, 1], 3)).toEqual([1, 1, 1]);
    expect(allocateProportional([1000, 1, 1], 5)).toEqual([3, 1, 1]);
    // Larger remainder first: quotas 6.6, 2.2, 1.2 → 6, 2, 1 + one to k = 0.
    expect(allocateProportional([66, 22, 12], 10)).toEqual([7, 2, 1]);
    for (const d of [6, 8, 19, 100, 806]) {
      const dirs = planCompartments(plan, 'tensor', 'proportional', d).map((c) => c.dirs);
      expect(dirs.reduce((a, b) => a + b)).toBe(d);
      expect(Math.min(...dirs)).toBeGreaterThanOrEqual(1);
    }
  });

  it('equal: d/K with the remainder to the first compartments; each: d everywhere', () => {
    expect(allocate([10, 10, 10, 10], 'equal', 10)).toEqual([3, 3, 2, 2]);
    expect(allocate([10, 10, 10], 'each', 4)).toEqual([4, 4, 4]);
    const each = planCompartments(plan, 'layer', 'each', 3);
    expect(totalDirs(each)).toBe(9);
  });

  it('rejects bad d with the value and the rule', () => {
    expect(() => allocate([10], 'proportional', 0)).toThrow(/d: must be a whole number ≥ 1, got 0/);
    expect(() => allocate([10], 'each', 2.5)).toThrow(/got 2.5/);
    expect(() => allocate([10], 'each', NaN)).toThrow(/got NaN/);
    expect(() => planCompartments(plan, 'tensor', 'proportional', 5)).toThrow(/d must be ≥ K = 6 compartments, got 5/);
    expect(() => planCompartments(plan, 'tensor', 'equal', 5)).toThrow(/equal allocation .* K = 6 .* got 5/);
    expect(() => planCompartments(plan, 'tensor', 'each', 4)).toThrow(/d larger than the parameters of a compartment: compartment 5 has D_k = 3 .* d_k = 4/);
    expect(() => planCompartments(plan, 'network', 'proportional', 807)).toThrow(/d larger than the parameters of a compartment/);
    expect(() => allocate([10, 10], 'bogus' as never, 2)).toThrow(/allocation: unknown mode 'bogus'/);
  });
});

describe('kernel tables', () => {
  it('give a small compartment only the project threads it needs, and the rest of the workgroup to other parts of the chunk', () => {
    const at = (dirs: number, projectThreads: number) => projectSpan(dirs, { ...DEFAULT_TILES, projectThreads });
    expect([250, 256, 257, 64, 33, 32, 31, 3].map((d) => at(d, 64))).toEqual([
      { span: 63, parts: 1 }, { span: 64, parts: 1 }, { span: 64, parts: 1 }, { span: 16, parts: 4 },
      { span: 9, parts: 7 }, { span: 8, parts: 8 }, { span: 8, parts: 8 }, { span: 1, parts: 64 },
    ]);
    expect(at(1, 1)).toEqual({ span: 1, parts: 1 });
  });

  it('give every (direction, chunk, part) to one project thread, and every quad to update', () => {
    const cs = planCompartments(plan, 'chunk:37', 'each', 3);
    const wide = planCompartments(plan, 'layer', 'proportional', 40); // d_k = 28, 11, 1
    for (const [compartments, tiles] of [
      [cs, { ...DEFAULT_TILES, chunkSize: 128, updateThreads: 4, projectThreads: 2 }], // d_k = 3: span 1, 2 parts
      [cs, { ...DEFAULT_TILES, chunkSize: 512, updateThreads: 4, projectThreads: 4 }], // 4 parts
      [wide, { ...DEFAULT_TILES, chunkSize: 256, updateThreads: 8, projectThreads: 4 }], // 28 in tiles of 16 and 12
      [wide, DEFAULT_TILES], // spans 7, 3, 1: 9, 21 and 64 parts, one thread idle at span 7
    ] as const) {
      const { table, partials } = packCompartments(compartments, tiles);
      expect(table.length).toBe(8 * compartments.length);
      // Walk the kernel's mapping (project.wgsl) from every task and thread.
      const seen = new Map<string, number>();
      const p = projectTasks(compartments, tiles);
      for (let t = 0; t < p.length; t += 4) {
        const [k, first, chunk, row] = p.subarray(t, t + 4);
        const span = table[8 * k + 6], parts = Math.floor(tiles.projectThreads / span);
        expect(row).toBe((chunk - Math.floor(compartments[k].start / tiles.chunkSize)) * parts);
        expect(span).toBe(projectSpan(compartments[k].dirs, tiles).span);
        for (let lid = 0; lid < parts * span; lid++) {
          for (let m = 0; m < DIRS_PER_THREAD; m++) {
            const local = first + (lid % span) + m * span;
            if (local >= compartments[k].dirs) continue;
            const key = `${k} ${local} ${row + Math.floor(lid / span)}`;
            seen.set(key, (seen.get(key) ?? 0) + 1);
          }
        }
      }
      let want = 0;
      compartments.forEach((c, k) => {
        const rows = table[8 * k + 7];
        expect(rows).toBe((Math.ceil(c.end / tiles.chunkSize) - Math.floor(c.start / tiles.chunkSize)) * projectSpan(c.dirs, tiles).parts);
        expect(table[8 * k + 5]).toBe(want); // partials laid out in compartment order
        want += rows * c.dirs;
        for (let local = 0; local < c.dirs; local++) for (let r = 0; r < rows; r++) expect(seen.get(`${k} ${local} ${r}`)).toBe(1);
      });
      expect(seen.size).toBe(want);
      expect(partials).toBe(want);
      const u = updateTasks(compartments, tiles);
      const covered = new Set<number>();
      for (let t = 0; t < u.length; t += 4) {
        const c = compartments[u[t]];
        for (let q = u[t + 1]; q < u[t + 1] + tiles.updateThreads; q++) for (let j = 4 * q; j < 4 * q + 4; j++) if (j >= c.start && j < c.end) covered.add(j);
      }
      expect(covered.size).toBe(plan.D);
    }
  });
});
