/**
 * The shareable experiment: ONE typed property table (after tensorflow/playground's
 * state.ts) drives parsing, validation, the canonical URL, the controls' defaults,
 * ranges and tooltips. Unlike that original, every value is checked, and whatever is
 * rejected is reported per field with the default used instead (DESIGN.md §10), so NaN
 * or an out-of-range number can never reach the store or the worker. Pure TS.
 */
import { formatArch, parseArch, planArch } from './arch';
import { DATASETS, DATASET_META, type DatasetId } from './datasets';

export const METHODS = ['sgd', 'rbd', 'fpd'] as const;
export const DISTRIBUTIONS = ['normal', 'uniform', 'rademacher'] as const;
export const ALLOCATIONS = ['proportional', 'equal', 'each'] as const;
export type Method = (typeof METHODS)[number];
export type Distribution = (typeof DISTRIBUTIONS)[number];
export type Allocation = (typeof ALLOCATIONS)[number];
export type CompartmentScheme = 'network' | 'layer' | 'tensor' | `chunk:${number}`;
export type Redraw = number | 'never';

export interface ExperimentConfig {
  v: 1;
  dataset: DatasetId;
  /** Canonical architecture text (see arch.ts); the output layer is implied by the dataset. */
  arch: string;
  method: Method;
  d: number;
  redraw: Redraw;
  dist: Distribution;
  compartments: CompartmentScheme;
  alloc: Allocation;
  lr: number;
  batch: number;
  seed: number;
  workers: number;
  epochs: number;
  /** Target test accuracy in percent, or null for none. */
  target: number | null;
  spf: number;
}
export type ConfigKey = keyof ExperimentConfig;

/** One rejected value: which field, what was wrong, and what was used instead (null: the key was ignored). */
export interface ConfigError {
  field: string;
  message: string;
  defaultUsed: string | null;
}

/** How the UI should render a field; the parser enforces the same bounds. */
export type Control =
  | { kind: 'select'; options: readonly string[] }
  | { kind: 'int' | 'number'; min: number; max: number; log?: boolean }
  | { kind: 'text' }
  | { kind: 'hidden' };

export interface FieldSpec<T> {
  label: string;
  /** One or two sentences: the tooltip and the accessible description. */
  help: string;
  default: T;
  control: Control;
  /** Reads the URL text; throws an Error whose message names the problem. */
  parse(raw: string): T;
  format(value: T): string;
}

const U32_MAX = 0xffffffff;

function intOf(raw: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new Error(`'${raw}' is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new Error(`${n} is outside ${min}…${max}`);
  return n;
}

function numberOf(raw: string, minExclusive: number, max: number): number {
  // Number() alone would accept '', ' ', '0x10' and 'Infinity'; a plain decimal is required.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())) throw new Error(`'${raw}' is not a number`);
  const x = Number(raw);
  if (!Number.isFinite(x) || x <= minExclusive || x > max) throw new Error(`${raw} is outside (${minExclusive}, ${max}]`);
  return x;
}

function oneOf<T extends string>(options: readonly T[]) {
  return (raw: string): T => {
    if ((options as readonly string[]).includes(raw)) return raw as T;
    throw new Error(`'${raw}' is not one of ${options.join(', ')}`);
  };
}

const intField = (label: string, help: string, def: number, min: number, max: number, log = false): FieldSpec<number> => ({
  label, help, default: def, control: { kind: 'int', min, max, log }, parse: (r) => intOf(r, min, max), format: String,
});
const enumField = <T extends string>(label: string, help: string, def: T, options: readonly T[]): FieldSpec<T> => ({
  label, help, default: def, control: { kind: 'select', options }, parse: oneOf(options), format: (v) => v,
});

function parseCompartmentsText(raw: string): CompartmentScheme {
  if (raw === 'network' || raw === 'layer' || raw === 'tensor') return raw;
  const m = /^chunk:(.*)$/.exec(raw);
  if (m) return `chunk:${intOf(m[1], 1, 1e8)}`;
  throw new Error(`'${raw}' is not one of network, layer, tensor, chunk:N`);
}

/** The chunk size N of 'chunk:N', or null for the other schemes; for the worker and the UI. */
export const chunkSize = (c: CompartmentScheme): number | null => (c.startsWith('chunk:') ? Number(c.slice(6)) : null);

export const CONFIG_TABLE: { [K in ConfigKey]: FieldSpec<ExperimentConfig[K]> } = {
  v: { label: 'Schema version', help: 'Version of this link format; only 1 exists.', default: 1, control: { kind: 'hidden' },
    parse: (r) => { if (r !== '1') throw new Error(`schema version '${r}' is not supported`); return 1; }, format: String },
  dataset: enumField('Dataset', 'MNIST is bundled; Fashion-MNIST and CIFAR-10 come from your files; the 2-D sets are generated from the seed.', 'mnist', DATASETS),
  arch: { label: 'Architecture', help: "fc and cnn are the paper's networks; mlp:128-64:relu and cnn:32k3p-64k3p:64:relu build your own. The output layer is added for the dataset.",
    default: 'fc', control: { kind: 'text' }, parse: (r) => formatArch(parseArch(r)), format: (v) => v },
  method: enumField('Method', 'sgd trains all D parameters; rbd trains d random directions redrawn as set below; fpd keeps one fixed random subspace.', 'rbd', METHODS),
  d: intField('Subspace dimension d', 'Number of random directions trained each step (split across compartments by the allocation).', 250, 1, 1_000_000, true),
  redraw: { label: 'Redraw every', help: 'Draw new directions every k steps, or never (fpd). The paper redraws every step.', default: 1,
    control: { kind: 'int', min: 1, max: 1_000_000, log: true },
    parse: (r) => (r === 'never' ? 'never' : intOf(r, 1, 1_000_000)), format: String },
  dist: enumField('Distribution', 'The distribution of each direction’s entries, scaled to unit variance.', 'normal', DISTRIBUTIONS),
  compartments: { label: 'Compartments', help: 'network: one compartment; layer: one per layer; tensor: weights and biases apart; chunk:N: every N parameters.',
    default: 'network', control: { kind: 'text' }, parse: parseCompartmentsText, format: (v) => v },
  alloc: enumField('Allocation of d', 'proportional: d_k ∝ D_k, Σd_k = d; equal: d split evenly; each: every compartment gets d (the paper).', 'proportional', ALLOCATIONS),
  lr: { label: 'Learning rate η', help: 'Step size; applied as written, with no rescaling by d, D, batch or workers.', default: 1,
    control: { kind: 'number', min: 0, max: 1000, log: true }, parse: (r) => numberOf(r, 0, 1000), format: String },
  batch: intField('Batch size', 'Examples per step and per worker.', 32, 1, 1024, true),
  seed: intField('Seed', 'Seeds the initial weights, the directions and the data order: the same seed gives the same curve on the same device.', 1, 0, U32_MAX),
  workers: intField('Workers', 'Simulated workers with shared seeds: each exchanges only its Σd_k coordinates.', 1, 1, 8),
  epochs: intField('Max epochs', 'Stop after this many passes over the training set.', 100, 1, 10_000, true),
  target: { label: 'Target accuracy %', help: 'Stop once the test accuracy reaches this percentage; none to train for all epochs.', default: null,
    control: { kind: 'number', min: 0, max: 100 },
    parse: (r) => (r === 'none' || r === '' ? null : numberOf(r, 0, 100)), format: (v) => (v === null ? 'none' : String(v)) },
  spf: intField('Steps per frame', 'Steps the worker runs between updates to the page; more is faster, fewer is smoother.', 10, 1, 10_000, true),
};

export const CONFIG_KEYS = Object.keys(CONFIG_TABLE) as ConfigKey[];

export const DEFAULT_CONFIG: ExperimentConfig = Object.fromEntries(
  CONFIG_KEYS.map((k) => [k, CONFIG_TABLE[k].default]),
) as unknown as ExperimentConfig;

/** Format one field's value with the table, e.g. for messages and the URL. */
export const formatField = <K extends ConfigKey>(key: K, value: ExperimentConfig[K]): string => CONFIG_TABLE[key].format(value);

/**
 * Reads a query string ('?a=b&…' or 'a=b&…'). Every problem yields one ConfigError and
 * the field keeps its default; the result is always a complete, valid config.
 */
export function parseConfig(query: string): { config: ExperimentConfig; errors: ConfigError[] } {
  const config: ExperimentConfig = { ...DEFAULT_CONFIG };
  const errors: ConfigError[] = [];
  const given = new Set<string>();
  const set = config as unknown as Record<string, unknown>;
  for (const [key, raw] of new URLSearchParams(query.replace(/^[?#]/, ''))) {
    if (!(key in CONFIG_TABLE)) { errors.push({ field: key, message: `unknown setting '${key}'; ignored`, defaultUsed: null }); continue; }
    const spec = CONFIG_TABLE[key as ConfigKey] as FieldSpec<unknown>;
    if (given.has(key)) { errors.push({ field: key, message: 'given more than once; the first value was kept', defaultUsed: null }); continue; }
    given.add(key);
    try { set[key] = spec.parse(raw); } catch (e) {
      errors.push({ field: key, message: (e as Error).message, defaultUsed: spec.format(spec.default) });
    }
  }
  errors.push(...crossCheck(config, given));
  return { config, errors };
}

/** Rules between fields, applied in place. */
function crossCheck(config: ExperimentConfig, given: Set<string>): ConfigError[] {
  const errors: ConfigError[] = [];
  try { planArch(config.arch, config.dataset); } catch (e) {
    const meta = DATASET_META[config.dataset];
    errors.push({ field: 'arch', message: `'${config.arch}' does not fit ${meta.label} (${meta.inputShape.join('×')}, ${meta.classes} classes): ${(e as Error).message}`, defaultUsed: 'fc' });
    config.arch = 'fc'; // the paper's FC flattens its input, so it fits every dataset
  }
  if (config.method === 'fpd' && config.redraw !== 'never') {
    // fpd is rbd with a fixed basis (DESIGN.md §2); only an explicit contradiction is worth a message.
    if (given.has('redraw')) errors.push({ field: 'redraw', message: `fpd never redraws, so redraw=${config.redraw} does not apply`, defaultUsed: 'never' });
    config.redraw = 'never';
  }
  if (config.method === 'sgd' && config.workers > 1) {
    // Shared-seed workers exchange subspace coordinates; sgd has none (src/train/run-config.ts refuses it too).
    errors.push({ field: 'workers', message: `${config.workers} workers need method rbd or fpd: workers exchange subspace coordinates, not gradients`, defaultUsed: '1' });
    config.workers = 1;
  }
  return errors;
}

/** The canonical query string: every field, in table order, readable (':' stays unescaped). */
export function serializeConfig(config: ExperimentConfig): string {
  // Every field is written, defaults too, so a link keeps its meaning if a default changes.
  return CONFIG_KEYS.map((k) => {
    const text = (CONFIG_TABLE[k] as FieldSpec<unknown>).format(config[k]);
    return `${k}=${encodeURIComponent(text).replace(/%3A/gi, ':')}`;
  }).join('&');
}

/**
 * Re-validates a config edited in memory (e.g. by a control) with the same rules as a
 * URL. Choosing fpd silently fixes the basis: here, unlike in a link, nobody asked for
 * a redraw that would have to be refused.
 */
export const checkConfig = (config: ExperimentConfig) =>
  parseConfig(serializeConfig(config.method === 'fpd' ? { ...config, redraw: 'never' } : config));

const PAPER_LR: Record<string, [rbd: number, sgd: number]> = {
  'fc/mnist': [1.0, 0.125], 'fc/fashion-mnist': [0.5, 0.25], 'fc/cifar10': [0.25, 0.0078],
  'cnn/mnist': [0.0625, 0.031], 'cnn/fashion-mnist': [0.125, 0.0625], 'cnn/cifar10': [0.125, 0.0156],
};

/**
 * The paper's learning rate (DESIGN.md §6) for its own networks and datasets, else
 * undefined. The paper lists RBD and SGD rates only; fpd uses the RBD rate.
 */
export function paperLearningRate(arch: string, dataset: DatasetId, method: Method): number | undefined {
  const rates = PAPER_LR[`${arch}/${dataset}`];
  return rates && (method === 'sgd' ? rates[1] : rates[0]);
}
