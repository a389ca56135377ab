/** A sweep's fields as a link reads them, the runs it is, and what their accuracies say. */
import { describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig } from './config';
import { DEFAULT_CONFIG, type ExperimentConfig } from './fields';
import { summarize, sweepRuns, type SweepOutcome } from './sweep';

const base = (query: string): ExperimentConfig => {
  const { config, errors } = parseConfig(query);
  expect(errors).toEqual([]);
  return config;
};

describe('sweep fields', () => {
  it('read a list or a doubling range, sorted and each once, and write it back canonically', () => {
    expect(base('sweep=8..64').sweep).toEqual([8, 16, 32, 64]);
    expect(base('sweep=64,8,16,8').sweep).toEqual([8, 16, 64]);
    const c = base('sweep=8..4096&methods=rbd,fpd&seeds=3,1&threshold=absolute&sgdLr=0.5');
    expect(serializeConfig(c)).toContain('sweep=8,16,32,64,128,256,512,1024,2048,4096&methods=fpd,rbd&seeds=1,3&threshold=absolute&sgdLr=0.5');
    expect(parseConfig(serializeConfig(c))).toEqual({ config: c, errors: [] });
  });

  it('refuse what is no sweep, naming the field and the default used', () => {
    const { config, errors } = parseConfig('sweep=8,0,16&methods=sgd&seeds=1,2,3,4,5,6&threshold=half&sgdLr=-1');
    expect(errors.map((e) => [e.field, e.message, e.defaultUsed])).toEqual([
      ['sweep', '0 is outside 1…1000000', 'none'],
      ['methods', "'sgd' is not one of fpd, rbd", 'fpd,rbd'],
      ['seeds', '6 values; at most 5', 'none'],
      ['threshold', "'half' is not one of relative, absolute", 'relative'],
      ['sgdLr', '-1 is outside (0, 1000]', '0.125'], // the paper's sgd rate for FC-MNIST
    ]);
    expect(config.sweep).toBeNull();
    expect(parseConfig('sweep=64..8').errors[0].message).toBe("'64..8': the range runs from 64 down to 8");
    expect(parseConfig('sweep=1..1000000').errors[0].message).toBe('20 values; at most 16');
  });

  it("default the baseline's η to the paper's sgd rate where it has one", () => {
    expect(base('arch=fc&dataset=mnist').sgdLr).toBe(0.125);
    expect(base('arch=mlp:16:relu&dataset=mnist').sgdLr).toBe(0.1);
    expect(DEFAULT_CONFIG.sgdLr).toBe(0.125);
  });
});

describe('sweepRuns', () => {
  const c = base('dataset=circles&arch=mlp:8:tanh&lr=3&redraw=2&steps=50&sweep=4,16&seeds=1,2&sgdLr=0.5');

  it('is, seed by seed, the sgd baseline and then every d for fpd and rbd, each a plain run', () => {
    const runs = sweepRuns(c);
    expect(runs.map((r) => `${r.seed}:${r.method}:${r.d}`)).toEqual(['1:sgd:0', '1:fpd:4', '1:rbd:4', '1:fpd:16', '1:rbd:16', '2:sgd:0', '2:fpd:4', '2:rbd:4', '2:fpd:16', '2:rbd:16']);
    for (const r of runs) {
      expect(r.config.sweep).toBeNull();
      expect(r.config.seeds).toBeNull();
      expect(r.config.seed).toBe(r.seed);
      expect(r.config.steps).toBe(50);
      // Each run is a config a link reads back unchanged.
      expect(parseConfig(serializeConfig(r.config))).toEqual({ config: r.config, errors: [] });
    }
    expect(runs[0].config.lr).toBe(0.5);
    expect(runs[1].config).toMatchObject({ method: 'fpd', lr: 3, redraw: 'never', d: 4 });
    expect(runs[2].config).toMatchObject({ method: 'rbd', lr: 3, redraw: 2, d: 4 });
  });

  it('is nothing without a grid', () => expect(sweepRuns(base('dataset=circles'))).toEqual([]));
});

describe('summarize', () => {
  const c = base('dataset=circles&sweep=4,16,64&seeds=1,2');
  const runs = sweepRuns(c);
  const acc: Record<string, number> = { 'sgd:0': 1, 'fpd:4': 0.5, 'rbd:4': 0.6, 'fpd:16': 0.8, 'rbd:16': 0.95, 'fpd:64': 0.95, 'rbd:64': 1 };
  const outcome = (r: (typeof runs)[number], shift: number): SweepOutcome => ({ run: r, accuracy: acc[`${r.method}:${r.d}`] + shift });

  it('has no threshold before every baseline finished, and then d_int90 from the mean curve', () => {
    expect(summarize(c, runs.filter((r) => r.seed === 1).map((r) => outcome(r, 0))).threshold).toBeNull();
    // Seed 2 is 0.02 lower everywhere: the means are acc − 0.01, the sgd baseline 0.99, the threshold 0.891.
    const s = summarize(c, runs.map((r) => outcome(r, r.seed === 2 ? -0.02 : 0)));
    expect(s.sgd).toEqual({ accuracy: expect.closeTo(0.99, 12), low: 0.98, high: 1 });
    expect(s.threshold).toBeCloseTo(0.891, 12);
    const [fpd, rbd] = s.methods;
    expect(fpd.intrinsic).toMatchObject({ kind: 'found', grid: 64 });
    expect(rbd.intrinsic).toMatchObject({ kind: 'found', grid: 16 });
    expect(rbd.points[1]).toMatchObject({ d: 16, low: expect.closeTo(0.93, 12), high: 0.95 });
  });

  it('measures against 90% accuracy with the absolute threshold, baseline or not', () => {
    const abs = base('dataset=circles&sweep=4,16,64&threshold=absolute');
    const s = summarize(abs, sweepRuns(abs).filter((r) => r.method !== 'sgd').map((r) => outcome(r, 0)));
    expect(s.sgd).toBeNull();
    expect(s.threshold).toBe(0.9);
    expect(s.methods.map((m) => m.intrinsic?.kind === 'found' && m.intrinsic.grid)).toEqual([64, 16]);
  });
});
