/**
 * The command line and a playground link read the same experiment: every shared field
 * accepts and refuses the same values, with the same message, and has the same default.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../engine/errors';
import { parseConfig } from '../experiment/config';
import { CONFIG_KEYS, FIELDS, type ConfigKey } from '../experiment/fields';
import { parseArgs } from './args';
import { experimentOf, resolveExperiment } from './resolve';

type Shared = Exclude<ConfigKey, 'v' | 'target' | 'spf' | 'dataset' | 'sweep' | 'methods' | 'seeds' | 'threshold' | 'sgdLr' | 'nats'>;

/** Values at, inside and past every bound, and malformed ones. `dataset` has its own test below (the CLI also takes a folder). */
const VALUES: Record<Shared, string[]> = {
  arch: ['fc', 'cnn', 'mlp:16:tanh', 'mlp::relu', 'cnn:8k3p:16', 'mlp:12x:relu', 'mlp:64:sigmoid', 'resnet', ''],
  method: ['sgd', 'rbd', 'fpd', 'adam', ''],
  d: ['1', '250', '1000000', '0', '1000001', '-3', '2.5', '1e3', 'abc', ''],
  redraw: ['1', '7', 'never', '0', '1000001', 'x', ''],
  dist: ['normal', 'uniform', 'rademacher', 'cauchy'],
  compartments: ['network', 'layer', 'tensor', 'chunk:4096', 'chunk:0', 'chunk:2.5', 'chunk:', 'block'],
  alloc: ['proportional', 'equal', 'each', 'random'],
  lr: ['0.5', '1000', '1e-3', '0', '-1', '1001', 'NaN', 'Infinity', '0x10', ''],
  batch: ['1', '32', '1024', '2000', '0', '2.5', 'abc'],
  seed: ['0', '4294967295', '4294967296', '-1', '1.5'],
  workers: ['1', '8', '20', '0', '3.5'],
  epochs: ['0.5', '1', '10000', '0', '10001', '-1', 'x'],
  steps: ['1', '500', 'none', '0', '1.5', ''],
  room: ['lab-1', 'none', '', 'a2', 'Lab', '-x', 'a b', 'a'.repeat(32), 'a'.repeat(33), 'ü', '__proto__'],
};

/** What a link makes of a query, and what the command line makes of the same flags: the config, or the first problem. */
function both(pairs: [string, string][]) {
  const url = parseConfig(pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
  let cli: { config?: unknown; field?: string; problem?: string };
  try {
    cli = { config: experimentOf(parseArgs(pairs.flatMap(([k, v]) => [`--${k}`, v])).fields, 'mnist') };
  } catch (e) {
    cli = { field: (e as InputError).field, problem: (e as InputError).problem };
  }
  return { url, cli };
}

describe('the CLI and a link agree', () => {
  it('cover every field the two sides share', () => {
    const shared = CONFIG_KEYS.filter((k) => FIELDS[k].side === 'both' && k !== 'dataset');
    expect(Object.keys(VALUES).sort()).toEqual([...shared].sort());
  });

  it.each(Object.entries(VALUES).flatMap(([k, values]) => values.map((v) => [k, v] as [string, string])))('%s=%s: the same value, or the same refusal', (key, value) => {
    const { url, cli } = both([[key, value]]);
    if (url.errors.length === 0) {
      expect(cli.config).toEqual(url.config);
    } else {
      expect(cli).toEqual({ field: `--${url.errors[0].field}`, problem: url.errors[0].message });
    }
  });

  it.each([
    [['batch', '2000']], [['workers', '20']], [['d', '0']],
    [['method', 'sgd'], ['workers', '4']], [['method', 'fpd'], ['redraw', '5']], [['method', 'fpd'], ['redraw', '1']],
    [['arch', 'cnn'], ['d', '300']], [['method', 'sgd'], ['lr', '0.3']], [['method', 'rbd'], ['arch', 'mlp:16:tanh']],
  ] as [string, string][][])('combinations: %j', (...pairs) => {
    const { url, cli } = both(pairs);
    if (url.errors.length === 0) expect(cli.config).toEqual(url.config);
    else expect(cli).toEqual({ field: `--${url.errors[0].field}`, problem: url.errors[0].message });
  });

  it('refuse batch 2000, 20 workers and d = 0 on both sides', () => {
    for (const [k, v] of [['batch', '2000'], ['workers', '20'], ['d', '0']]) {
      const { url, cli } = both([[k, v]]);
      expect(url.errors).toHaveLength(1);
      expect(cli.problem).toMatch(/outside/);
    }
  });

  it('have the same default for every shared field, the learning rate included (the paper’s, else 0.1)', () => {
    const url = parseConfig('').config, cli = experimentOf([], 'mnist');
    for (const k of CONFIG_KEYS) if (FIELDS[k].side === 'both') expect(cli[k], k).toEqual(url[k]);
    expect(experimentOf(parseArgs(['--method', 'sgd']).fields, 'mnist').lr).toBe(parseConfig('method=sgd').config.lr);
    expect(parseConfig('method=sgd').config.lr).toBe(0.125);
    expect(parseConfig('arch=mlp:16:tanh').config.lr).toBe(0.1);
  });

  it('name the same datasets; the CLI also takes a folder, and says so for a name that is neither', async () => {
    for (const id of FIELDS.dataset.options!) {
      expect(parseConfig(`dataset=${id}`).errors).toEqual([]);
      if (id === 'spiral') expect((await resolveExperiment([['dataset', id]])).dataset.classes).toBe(3); // the page's 3 arms
    }
    const url = parseConfig('dataset=imagenet').errors[0];
    expect(url).toMatchObject({ field: 'dataset', message: expect.stringMatching(/'imagenet' is not one of mnist/) });
    await expect(resolveExperiment([['dataset', 'imagenet']])).rejects.toThrow(/'imagenet' is neither a dataset name .* nor an existing path/);
  });
});
