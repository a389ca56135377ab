import { describe, expect, it } from 'vitest';
import { allReduceBytes, coordinateBytes, createInProcessTransport } from './transport';

describe('in-process transport', () => {
  it('exchanges only coordinates: every worker gets all W rows once all have sent', async () => {
    const t = createInProcessTransport(3, 4);
    const rows = [0, 1, 2].map((w) => Float32Array.from({ length: 4 }, (_, i) => 10 * w + i));
    const results = await Promise.all([2, 0, 1].map((w) => t.exchange(w, rows[w])));
    for (const all of results) expect([...all]).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    // The next round starts empty.
    const next = [0, 1, 2].map((w) => t.exchange(w, rows[2 - w]));
    expect([...(await next[0]).subarray(0, 4)]).toEqual([20, 21, 22, 23]);
  });

  it('counts W·Σd_k·4 bytes a step against W·D·4 for a gradient all-reduce', () => {
    const t = createInProcessTransport(4, 250);
    expect(t.bytesPerStep).toBe(4000);
    expect(coordinateBytes(4, 250)).toBe(4000);
    expect(allReduceBytes(4, 101_770)).toBe(1_628_320);
  });

  it('rejects a wrong worker, a wrong length and a second send in one step', () => {
    const t = createInProcessTransport(2, 3);
    expect(() => t.exchange(2, new Float32Array(3))).toThrow(/worker 2 is not in \[0, 2\)/);
    expect(() => t.exchange(0, new Float32Array(4))).toThrow(/sent 4 coordinates, expected Σd_k = 3/);
    void t.exchange(0, new Float32Array(3));
    expect(() => t.exchange(0, new Float32Array(3))).toThrow(/worker 0 sent twice/);
  });
});
