import { describe, expect, it } from 'vitest';
import { checkRedrawEvery, redrawEpoch } from './redraw';

describe('redraw policy', () => {
  it('r = ⌊t / redrawEvery⌋, and 0 for never (fpd)', () => {
    expect([0, 1, 2, 7].map((t) => redrawEpoch(t, 1))).toEqual([0, 1, 2, 7]);
    expect([0, 4, 5, 9, 10, 11].map((t) => redrawEpoch(t, 5))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(redrawEpoch(123_456, 'never')).toBe(0);
  });

  it('rejects a policy or a step outside the rule, naming the value (the text of a policy is read by src/experiment/fields.ts)', () => {
    for (const bad of [0, -1, 2.5, NaN]) expect(() => checkRedrawEvery(bad)).toThrow(/redrawEvery: must be a whole number ≥ 1 or 'never', got/);
    expect(() => checkRedrawEvery(5)).not.toThrow();
    expect(() => redrawEpoch(-1, 1)).toThrow(/step: must be a whole number ≥ 0, got -1/);
  });
});
