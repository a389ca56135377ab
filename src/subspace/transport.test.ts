import { describe, expect, it } from 'vitest';
import { allReduceBytes, coordinateBytes } from './transport';

describe('the bytes workers exchange', () => {
  it('counts W·Σd_k·4 bytes a step against W·D·4 for a gradient all-reduce', () => {
    expect(coordinateBytes(4, 250)).toBe(4000);
    expect(allReduceBytes(4, 101_770)).toBe(1_628_320);
  });
});
