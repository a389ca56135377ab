import { describe, expect, it } from 'vitest';
import { loadDataset } from '../data/node';
import { isSoftwareAdapter } from '../engine/device';
import { DEFAULT_TILES, SOFTWARE_TILES } from '../subspace/layout';
import { withDevice } from '../test/gpu';
import { parseBenchArgs } from './args';
import { markdown } from './report';
import { runBench } from './run';

// `npm run bench -- --quick` in Node, end to end: every section runs and reports a
// measured figure. Timings are never compared (docs/design.md §9); the exact parts are.
describe('runBench --quick on Dawn', () => {
  it('measures every section, and the derived figures follow from the plan', () =>
    withDevice(async ({ device, adapterName }) => {
      const o = parseBenchArgs(['--quick']);
      const r = await runBench({ device, adapterName, runtime: 'node', mnist: await loadDataset('mnist'), log: () => {} }, o);
      expect(r.sgdFcMnist.shares.map((s) => s.stage)).toEqual(['gather', 'forward + loss', 'metrics', 'backward', 'sgd update']);
      expect(r.sgdFcMnist.shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 9);
      for (const x of [r.sgdFcMnist.msPerStep, r.rbdFcMnist.msPerStep, r.fusedVsDense.fusedMs, r.fusedVsDense.materialisedMs, r.roofline.generate.normalsPerSec]) {
        expect(x).toBeGreaterThan(0);
      }
      // fc-tiny on MNIST: 784·8 + 8 + 8·10 + 10 parameters; 2·d·D normals an RBD step.
      expect(r.model).toEqual({ name: 'fc-tiny', D: 6370, d: 16 });
      expect(r.rbdFcMnist.normalsPerStep).toBe(2 * 16 * 6370);
      expect(r.fusedVsDense.materialisedBytes).toBe(16 * 6370 * 4);
      expect(r.fusedVsDense.largestDMaterialised).toBe(Math.floor(r.fusedVsDense.limitBytes / (6370 * 4)));
      expect(r.scaling.againstD.map((p) => p.label)).toEqual(['d = 4', 'd = 16']);
      expect(r.scaling.againstK.points.map((p) => p.K)).toEqual([1, 2, 4, 8, 2]);
      expect(r.tileCandidates.map((p) => `${p.kernel} ${p.threads}`)).toEqual(['project 16', 'project 64', 'update 16', 'update 64']);
      expect(markdown(r)).toMatch(/\| 64 \| [0-9.]+( \(fastest\))? \|/);
      expect(r.peer).toBeUndefined();
      // The tiles of this device's class, and the report says which.
      expect(r.tiles).toEqual(isSoftwareAdapter(device.adapterInfo) ? SOFTWARE_TILES : DEFAULT_TILES);
      expect(markdown(r)).toContain(`Subspace tiles: projectThreads ${r.tiles.projectThreads}, chunkSize ${r.tiles.chunkSize}, updateThreads ${r.tiles.updateThreads}`);
      expect(markdown(r)).toContain('only in a page: npm run bench -- --browser');
    }), 120_000);
});
