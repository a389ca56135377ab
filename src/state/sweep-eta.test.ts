/** The sweep's time estimate: each run's work, the pace fitted to finished runs, the time left. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../experiment/config';
import { etaSeconds, fitPace, runWork } from './sweep-eta';

const config = (query: string) => parseConfig(`dataset=circles&arch=mlp:8:tanh&${query}`).config; // D = 2·8 + 8 + 8·2 + 2 = 42

describe('runWork', () => {
  it('is steps × D for sgd and steps × (D + 2·Σ d_k·D_k) for a subspace method', () => {
    expect(runWork(config('method=sgd&steps=100'))).toBe(100 * 42);
    expect(runWork(config('method=fpd&d=4&steps=100'))).toBe(100 * (42 + 2 * 4 * 42));
    // Two layers of 24 and 18 parameters, d = 4 each: the basis is 4·24 + 4·18, not Σd·D.
    expect(runWork(config('method=rbd&d=4&compartments=layer&alloc=each&steps=100'))).toBe(100 * (42 + 2 * (4 * 24 + 4 * 18)));
    // Two workers take two batches a step.
    expect(runWork(config('method=rbd&d=4&workers=2&steps=100'))).toBe(2 * runWork(config('method=rbd&d=4&steps=100')));
    // An epoch budget: every run of a sweep takes the same steps × workers, so the epochs stand for them.
    expect(runWork(config('method=sgd&epochs=3'))).toBe(3 * 42);
  });
});

describe('fitPace and etaSeconds', () => {
  it('recover a fixed time per run and a time per unit of work from exact timings', () => {
    const pace = fitPace([1000, 4000, 9000].map((work) => ({ work, seconds: 2 + 0.001 * work })))!;
    // Exact data: only rounding separates the fit from (2, 0.001).
    expect(pace.perRun).toBeCloseTo(2, 9);
    expect(pace.perWork).toBeCloseTo(0.001, 12);
    // Two runs of 1000 and 3000 waiting, the current one (5000) 4 s in: 3 + 5 + (7 − 4).
    expect(etaSeconds(pace, [1000, 3000], { work: 5000, elapsed: 4 })).toBeCloseTo(11, 9);
    // A current run already longer than its estimate adds nothing.
    expect(etaSeconds(pace, [], { work: 1000, elapsed: 60 })).toBe(0);
  });

  it('takes one run (or runs of one size) as all work, never fits a negative part, and says nothing before a run finished', () => {
    expect(fitPace([])).toBeNull();
    expect(etaSeconds(null, [1, 2], null)).toBeNull();
    expect(fitPace([{ work: 500, seconds: 5 }])).toEqual({ perRun: 0, perWork: 0.01 });
    expect(fitPace([{ work: 500, seconds: 5 }, { work: 500, seconds: 7 }])).toEqual({ perRun: 0, perWork: 0.012 });
    // Bigger runs that took less time: no time per work; the mean time per run instead.
    expect(fitPace([{ work: 100, seconds: 9 }, { work: 900, seconds: 3 }])).toEqual({ perRun: 6, perWork: 0 });
    // A line through below the origin: no fixed time; proportional through the origin instead.
    const p = fitPace([{ work: 100, seconds: 1 }, { work: 200, seconds: 4 }])!;
    expect(p.perRun).toBe(0);
    expect(p.perWork).toBeCloseTo((100 * 1 + 200 * 4) / (100 * 100 + 200 * 200), 15);
  });
});
