/**
 * Tile tuning (issue #6: tiles tuned per device class): project and update timed with
 * each candidate workgroup size, on one compartment and on K = 8 equal ones (many small
 * compartments, where the tiles matter most), all in the same interleaved rounds. The
 * report names the fastest; the defaults per device class live in src/subspace/layout.ts.
 */
import { planCompartments, type ParamLayout } from '../subspace/compartments';
import { createSubspace } from '../subspace/gpu';
import type { SubspaceTiles } from '../subspace/layout';
import { subspaceInputs, timeInterleaved, type Recorder } from './timing';

export interface TilePoint {
  kernel: 'project' | 'update';
  /** projectThreads for project, updateThreads for update. */
  threads: number;
  /** ms on one compartment and on K = 8 equal ones. */
  oneMs: number;
  eightMs: number;
}

export const TILE_CANDIDATES = [16, 32, 64, 128];

export async function measureTiles(device: GPUDevice, layout: ParamLayout, d: number, rounds: number, candidates = TILE_CANDIDATES): Promise<TilePoint[]> {
  const D = layout.D;
  candidates = candidates.filter((n) => n <= device.limits.maxComputeInvocationsPerWorkgroup && n <= device.limits.maxComputeWorkgroupSizeX);
  const splits = [planCompartments(layout, 'network', 'proportional', d), planCompartments(layout, `chunk:${Math.ceil(D / 8)}`, 'proportional', d)];
  const inputs = subspaceInputs(device, D, 'bench.tiles'), { grad, theta } = inputs;
  const made: { destroy(): void }[] = [inputs];
  try {
    const points: Omit<TilePoint, 'oneMs' | 'eightMs'>[] = [], records: Recorder[] = [];
    for (const kernel of ['project', 'update'] as const) {
      for (const threads of candidates) {
        const tiles: Partial<SubspaceTiles> = kernel === 'project' ? { projectThreads: threads } : { updateThreads: threads };
        points.push({ kernel, threads });
        for (const compartments of splits) {
          const sub = await createSubspace(device, { D, compartments, workers: 1, seed: 1, dist: 'normal', tiles });
          made.push(sub);
          records.push(kernel === 'project' ? (p, i) => sub.recordProject(p, grad, i) : (p, i) => sub.recordUpdate(p, theta, 1e-3, i));
        }
      }
    }
    const seconds = await timeInterleaved(device, records, rounds);
    return points.map((p, k) => ({ ...p, oneMs: 1000 * seconds[2 * k], eightMs: 1000 * seconds[2 * k + 1] }));
  } finally {
    made.forEach((m) => m.destroy());
  }
}
