import { describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig } from './config';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS } from './fields';
import { paperLearningRate } from './paper';

describe('config: parse and serialize', () => {
  it('defaults to the paper’s RBD FC-MNIST setup', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      v: 1, dataset: 'mnist', arch: 'fc', method: 'rbd', d: 250, redraw: 1, dist: 'normal', compartments: 'network',
      alloc: 'proportional', lr: 1, batch: 32, seed: 1, workers: 1, target: null,
    });
    expect(parseConfig('')).toEqual({ config: DEFAULT_CONFIG, errors: [] });
  });

  it('writes the canonical, readable query: every key, in table order', () => {
    expect(serializeConfig(DEFAULT_CONFIG)).toBe(
      'v=1&dataset=mnist&arch=fc&method=rbd&d=250&redraw=1&dist=normal&compartments=network&alloc=proportional' +
        '&lr=1&batch=32&seed=1&workers=1&epochs=1&steps=none&target=none&spf=10&sweep=none&methods=fpd,rbd&seeds=none&threshold=relative&sgdLr=0.125&room=none&nats=none',
    );
    const keys = serializeConfig(DEFAULT_CONFIG).split('&').map((kv) => kv.split('=')[0]);
    expect(keys).toEqual(CONFIG_KEYS);
  });

  it('round-trips exactly, including awkward values', () => {
    const config = {
      ...DEFAULT_CONFIG, dataset: 'cifar10' as const, arch: 'cnn:16k5sp-32k3p:64-32:tanh', method: 'fpd' as const, d: 1,
      redraw: 'never' as const, dist: 'rademacher' as const, compartments: 'chunk:4096' as const, alloc: 'each' as const,
      lr: 0.0078, batch: 1024, seed: 0xffffffff, workers: 8, epochs: 2.5, steps: 1500, target: 52.1, spf: 1,
    };
    const text = serializeConfig(config);
    expect(text).toContain('arch=cnn:16k5sp-32k3p:64-32:tanh');
    expect(text).toContain('compartments=chunk:4096');
    const back = parseConfig(text);
    expect(back.errors).toEqual([]);
    expect(back.config).toEqual(config);
    expect(serializeConfig(back.config)).toBe(text);
    // A leading '?' and percent-encoded ':' (URLSearchParams' own form) read the same.
    expect(parseConfig(`?${text.replace(/:/g, '%3A')}`).config).toEqual(config);
  });

  it('writes aliases for the paper networks whatever spelling was used', () => {
    expect(parseConfig('arch=mlp:128:relu').config.arch).toBe('fc');
    expect(parseConfig('arch=cnn:32k3p-64k3p-64k3:64').config.arch).toBe('cnn');
  });
});

describe('config: every invalid kind is named, with the default used', () => {
  const one = (query: string) => {
    const { config, errors } = parseConfig(query);
    expect(errors).toHaveLength(1);
    return { config, error: errors[0] };
  };

  it('rejects unknown keys and ignores them', () => {
    const { config, error } = one('frobnicate=3&d=10');
    expect(error).toMatchObject({ field: 'frobnicate', defaultUsed: null });
    expect(error.message).toMatch(/unknown setting 'frobnicate'/);
    expect(config.d).toBe(10);
  });

  it.each([
    ['d=NaN', 'd', '250'], ['lr=NaN', 'lr', '1'], ['lr=', 'lr', '1'], ['lr=Infinity', 'lr', '1'], ['lr=0x10', 'lr', '1'],
    ['batch=abc', 'batch', '32'], ['seed=1.5', 'seed', '1'], ['d=', 'd', '250'], ['target=nan', 'target', 'none'],
  ])('rejects non-numbers: %s', (query, field, def) => {
    const { config, error } = one(query);
    expect(error).toMatchObject({ field, defaultUsed: def });
    expect(error.message).toMatch(/not a (whole )?number/);
    for (const v of Object.values(config)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });

  it.each([
    ['d=0', 'd', 250], ['batch=2048', 'batch', 32], ['lr=0', 'lr', 1], ['lr=-1', 'lr', 1], ['workers=9', 'workers', 1],
    ['seed=4294967296', 'seed', 1], ['redraw=0', 'redraw', 1], ['target=101', 'target', null], ['compartments=chunk:0', 'compartments', 'network'],
  ])('rejects out-of-range values: %s', (query, field, def) => {
    const { config, error } = one(query);
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/outside/);
    expect(config[field as keyof typeof config]).toEqual(def);
  });

  it.each([
    ['dataset=imagenet', 'dataset', 'mnist'], ['method=adam', 'method', 'rbd'], ['dist=cauchy', 'dist', 'normal'],
    ['alloc=random', 'alloc', 'proportional'], ['compartments=block', 'compartments', 'network'], ['v=2', 'v', '1'],
  ])('rejects unknown enum values: %s', (query, field, def) => {
    const { error } = one(query);
    expect(error).toMatchObject({ field, defaultUsed: def });
  });

  it('rejects an architecture that does not fit the dataset, naming the layer', () => {
    const { config, error } = one('dataset=spiral&arch=cnn');
    expect(error).toMatchObject({ field: 'arch', defaultUsed: 'fc' });
    expect(error.message).toMatch(/layer 1 \(conv2d\).*3×3 kernel does not fit a 1×1 input/);
    expect(config).toMatchObject({ dataset: 'spiral', arch: 'fc' });
  });

  it('rejects architecture syntax errors', () => {
    expect(one('arch=mlp:12x:relu').error).toMatchObject({ field: 'arch', defaultUsed: 'fc' });
    expect(one('arch=mlp:64:sigmoid').error.message).toMatch(/activation 'sigmoid'/);
    expect(one('arch=resnet').error.message).toMatch(/not an architecture/);
  });

  it('gives fpd a fixed basis, and says so only when the link asked otherwise', () => {
    expect(parseConfig('method=fpd')).toMatchObject({ config: { redraw: 'never' }, errors: [] });
    const { config, error } = one('method=fpd&redraw=5');
    expect(config.redraw).toBe('never');
    expect(error).toMatchObject({ field: 'redraw', defaultUsed: 'never' });
  });

  it('refuses several workers for sgd: they exchange subspace coordinates', () => {
    const { config, error } = one('method=sgd&workers=4');
    expect(config.workers).toBe(1);
    expect(error).toMatchObject({ field: 'workers', defaultUsed: '1' });
  });

  it('reports a repeated key once and keeps the first value', () => {
    const { config, error } = one('d=10&d=20');
    expect(config.d).toBe(10);
    expect(error.field).toBe('d');
  });

  it('collects several problems at once, one per field', () => {
    const { errors } = parseConfig('d=-3&lr=abc&method=x&zzz=1');
    expect(errors.map((e) => e.field).sort()).toEqual(['d', 'lr', 'method', 'zzz']);
  });
});

describe('the redraw policy as text', () => {
  it('reads 1, 2, … or never, and rejects the rest with the value', () => {
    expect(FIELDS.redraw.parse('5')).toBe(5);
    expect(FIELDS.redraw.parse('never')).toBe('never');
    for (const bad of ['0', '-1', '2.5', '', 'always', '1e3']) expect(() => FIELDS.redraw.parse(bad)).toThrow(/is (outside|not a whole number)/);
  });
});

describe('paperLearningRate', () => {
  it('reads docs/design.md §6', () => {
    expect(paperLearningRate('fc', 'mnist', 'rbd')).toBe(1.0);
    expect(paperLearningRate('fc', 'mnist', 'sgd')).toBe(0.125);
    expect(paperLearningRate('fc', 'mnist', 'fpd')).toBe(1.0);
    expect(paperLearningRate('cnn', 'cifar10', 'sgd')).toBe(0.0156);
    expect(paperLearningRate('fc', 'fashion-mnist', 'rbd')).toBe(0.5);
    expect(paperLearningRate('mlp:64:relu', 'mnist', 'rbd')).toBeUndefined();
    expect(paperLearningRate('fc', 'spiral', 'rbd')).toBeUndefined();
  });
});
