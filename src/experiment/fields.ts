/**
 * What an experiment is: ONE typed table of its fields (after tensorflow/playground's
 * state.ts), with each field's one default, its bounds, its reader and writer, and which
 * side has it. The URL codec (the page), the command-line flags and the engine's own
 * checks are all driven by it, so the page and the CLI accept and refuse the same values,
 * with the same messages and the same defaults. The page adds only its labels and
 * controls on top (src/state/config.ts). Pure TS.
 */
import { formatArch, parseArch } from './arch';
import { DATASETS, type DatasetId } from './datasets';
import { ALLOCATIONS, DISTRIBUTIONS, METHODS, parseCompartmentScheme, SWEEP_METHODS, type Allocation, type CompartmentScheme, type Distribution, type Method, type RedrawEvery, type SweepMethod } from './enums';
import { THRESHOLDS, type Threshold } from './intrinsic';
import { defaultLearningRate } from './paper';
import { intOf, listOf, numberOf, oneOf, roomNameOf, subsetOf, wsUrlOf } from './values';

export interface ExperimentConfig {
  v: 1;
  dataset: DatasetId;
  /** Canonical architecture text (arch.ts); the output layer is implied by the dataset. */
  arch: string;
  method: Method;
  d: number;
  redraw: RedrawEvery;
  dist: Distribution;
  compartments: CompartmentScheme;
  alloc: Allocation;
  lr: number;
  batch: number;
  seed: number;
  workers: number;
  /** Epochs to train; fractions allowed. */
  epochs: number;
  /** Steps to train instead of epochs, or null. */
  steps: number | null;
  /** Target test accuracy in percent, or null for none. */
  target: number | null;
  /** Steps the worker runs between updates to the page. */
  spf: number;
  /** A sweep's grid of d (sorted, each once), or null for no sweep (sweep.ts). */
  sweep: number[] | null;
  /** The subspace methods a sweep trains at every d. */
  methods: SweepMethod[];
  /** The seeds a sweep repeats over, or null for the experiment's seed alone. */
  seeds: number[] | null;
  /** What d_int90 is measured against (intrinsic.ts). */
  threshold: Threshold;
  /** η of a sweep's sgd baseline. */
  sgdLr: number;
  /** A room to train in together with every page and process that opens it (room.ts), or null. */
  room: string | null;
  /** The NATS WebSocket URL a page's room goes through, or null for the tabs of this browser. */
  nats: string | null;
}
export type ConfigKey = keyof ExperimentConfig;

/**
 * Where a field exists: both sides, or one. 'url' fields belong to the page (the link
 * version, the pace of the page, a target to stop at); 'cli' fields to the command line.
 */
export type Side = 'both' | 'url' | 'cli';

export interface FieldSpec<T> {
  side: Side;
  /** One or two sentences: the CLI's --help and the control's tooltip. */
  help: string;
  /** The value where a link or the command line leaves the field out. */
  default: T;
  /** For fields whose default depends on others (η on the paper's table): replaces `default` there. */
  defaultFor?: (config: ExperimentConfig) => T;
  /** A select's options; or the bounds of a number, which `parse` enforces. */
  options?: readonly string[];
  min?: number;
  max?: number;
  /** Reads the text; throws an Error whose message is the problem, or an InputError whose `problem` is. */
  parse(raw: string): T;
  format(value: T): string;
}

const U32_MAX = 0xffffffff;
/** A sweep's most grid values and seeds: a sweep is a run per value, method and seed. */
const MAX_GRID = 16, MAX_SEEDS = 5;

const intField = (help: string, def: number, min: number, max: number, side: Side = 'both'): FieldSpec<number> => ({
  side, help, default: def, min, max, parse: (r) => intOf(r, min, max), format: String,
});
const enumField = <T extends string>(help: string, def: T, options: readonly T[]): FieldSpec<T> => ({
  side: 'both', help, default: def, options, parse: oneOf(options), format: (v) => v,
});
const optional = (text: string) => text === 'none' || text === '';
// '== null': a run stored before a field existed reads it as undefined.
const noneOr = (v: number | null) => (v == null ? 'none' : String(v));
const listOrNone = (v: readonly unknown[] | null) => (v == null ? 'none' : v.join(','));

export const FIELDS: { [K in ConfigKey]: FieldSpec<ExperimentConfig[K]> } = {
  v: { side: 'url', help: 'Version of this link format; only 1 exists.', default: 1, min: 1, max: 1, format: String,
    parse: (r) => { if (r !== '1') throw new Error(`schema version '${r}' is not supported`); return 1; } },
  dataset: enumField('MNIST is bundled; Fashion-MNIST and CIFAR-10 come from your files (the CLI also takes a folder); the 2-D sets are generated from the seed.', 'mnist', DATASETS),
  arch: { side: 'both', help: "fc and cnn are the paper's networks; mlp:128-64:relu and cnn:32k3p-64k3p:64:relu build your own (k kernel, s same padding, p 2×2 max-pool). The output layer is added for the dataset.",
    default: 'fc', parse: (r) => formatArch(parseArch(r)), format: (v) => v },
  method: enumField('sgd trains all D parameters; rbd trains d random directions redrawn as set below; fpd keeps one fixed random subspace.', 'rbd', METHODS),
  d: intField('Number of random directions trained each step (split across compartments by the allocation).', 250, 1, 1_000_000),
  redraw: { side: 'both', help: 'Draw new directions every k steps, or never (fpd). The paper redraws every step.', default: 1, min: 1, max: 1_000_000,
    parse: (r) => (r === 'never' ? 'never' : intOf(r, 1, 1_000_000)), format: String },
  dist: enumField('The distribution of each direction’s entries, scaled to unit variance.', 'normal', DISTRIBUTIONS),
  compartments: { side: 'both', help: 'network: one compartment; layer: one per layer; tensor: weights and biases apart; chunk:N: every N parameters.',
    default: 'network', parse: parseCompartmentScheme, format: (v) => v },
  alloc: enumField('proportional: d_k ∝ D_k, Σd_k = d; equal: d split evenly; each: every compartment gets d (the paper).', 'proportional', ALLOCATIONS),
  lr: { side: 'both', help: "Step size η, applied as written, with no rescaling by d, D, batch or workers. Default: the paper's rate for its networks and datasets, else 0.1.",
    default: 1, defaultFor: (c) => defaultLearningRate(c.arch, c.dataset, c.method), min: 0, max: 1000, parse: (r) => numberOf(r, 0, 1000), format: String },
  batch: intField('Examples per step and per worker.', 32, 1, 1024),
  seed: intField('Seeds the initial weights, the directions and the data order: the same seed gives the same curve on the same device.', 1, 0, U32_MAX),
  workers: intField('Workers with shared seeds: each exchanges only its Σd_k coordinates.', 1, 1, 8),
  epochs: { side: 'both', help: 'Stop after this many passes over the training set (fractions allowed).', default: 1, min: 0, max: 10_000,
    parse: (r) => numberOf(r, 0, 10_000), format: String },
  steps: { side: 'both', help: 'Stop after exactly this many steps instead (overrides epochs); none to train for the epochs.', default: null, min: 1, max: 1e9,
    parse: (r) => (optional(r) ? null : intOf(r, 1, 1e9)), format: noneOr },
  target: { side: 'url', help: 'Stop once the test accuracy reaches this percentage; none to train for all epochs.', default: null, min: 0, max: 100,
    parse: (r) => (optional(r) ? null : numberOf(r, 0, 100)), format: noneOr },
  spf: intField('Steps per point of the training curve: each point is the mean loss of its window of steps, at a fixed multiple whatever the pace.', 10, 1, 10_000, 'url'),
  sweep: { side: 'url', help: `A sweep of d: up to ${MAX_GRID} values, comma-separated, or a..b for a, 2a, 4a, … up to b; each trains for the budget above (steps, else epochs). none: no sweep.`,
    default: null, min: 1, max: 1_000_000, parse: (r) => (optional(r) ? null : listOf(r, 1, 1_000_000, MAX_GRID)), format: listOrNone },
  methods: { side: 'url', help: 'The subspace methods a sweep trains at every d, beside its sgd baseline.', default: [...SWEEP_METHODS],
    parse: subsetOf(SWEEP_METHODS), format: (v) => (v ?? SWEEP_METHODS).join(',') },
  seeds: { side: 'url', help: `Repeat the sweep over up to ${MAX_SEEDS} seeds (comma-separated); d_int90 comes from the mean curve. none: the seed above alone.`,
    default: null, min: 0, max: U32_MAX, parse: (r) => (optional(r) ? null : listOf(r, 0, U32_MAX, MAX_SEEDS)), format: listOrNone },
  threshold: { ...enumField('d_int90 is the smallest d reaching 0.9 × the sgd baseline\'s accuracy (relative), or 90% accuracy (absolute, Li et al.\'s MNIST convention).', 'relative', THRESHOLDS), side: 'url' },
  sgdLr: { side: 'url', help: "η of a sweep's sgd baseline. Default: the paper's sgd rate for its networks and datasets, else 0.1.",
    default: 0.1, defaultFor: (c) => defaultLearningRate(c.arch, c.dataset, 'sgd'), min: 0, max: 1000, parse: (r) => numberOf(r, 0, 1000), format: String },
  room: { side: 'both', help: 'Train together in this room with every page and process that opens it with the same experiment: each is one worker, and only the d coordinates cross. none: alone.',
    default: null, parse: (r) => (optional(r) ? null : roomNameOf(r)), format: (v) => v ?? 'none' },
  nats: { side: 'url', help: "A room's NATS server, by its WebSocket listener (ws://host:port): pages on other machines and npm run train processes join through it. none: the tabs of this browser.",
    default: null, parse: (r) => (optional(r) ? null : wsUrlOf(r)), format: (v) => v ?? 'none' },
};

export const CONFIG_KEYS = Object.keys(FIELDS) as ConfigKey[];

/** The field named `key`, by own property only: a key such as '__proto__' or 'toString' is no field. */
export const fieldOf = (key: string): FieldSpec<unknown> | undefined =>
  Object.hasOwn(FIELDS, key) ? (FIELDS[key as ConfigKey] as FieldSpec<unknown>) : undefined;

/** Every field's default; the η default follows the paper's table for the default network and data. */
export const DEFAULT_CONFIG: ExperimentConfig = Object.fromEntries(CONFIG_KEYS.map((k) => [k, FIELDS[k].default])) as unknown as ExperimentConfig;
DEFAULT_CONFIG.lr = FIELDS.lr.defaultFor!(DEFAULT_CONFIG);
DEFAULT_CONFIG.sgdLr = FIELDS.sgdLr.defaultFor!(DEFAULT_CONFIG);
