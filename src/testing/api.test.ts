import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keepLongest, longestSince, type Task } from './api';

describe('long tasks', () => {
  it('the longest since any time is what the whole list would say, from the few tasks kept', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 50, max: 400 }), { maxLength: 200 }), fc.integer({ min: -1, max: 210 }), (durations, since) => {
      const all: Task[] = durations.map((duration, i) => ({ start: i, duration }));
      const kept: Task[] = [];
      all.forEach((t) => keepLongest(kept, t));
      const whole = all.reduce((m, t) => (t.start >= since ? Math.max(m, t.duration) : m), 0);
      expect(longestSince(kept, since)).toBe(whole);
      for (let i = 1; i < kept.length; i++) expect(kept[i].duration).toBeLessThan(kept[i - 1].duration);
    }), { numRuns: 2000 });
  });
});
