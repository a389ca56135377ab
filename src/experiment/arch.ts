/**
 * A small, readable grammar for architectures, so a URL can carry any network the
 * builder makes. The output layer is implied: its width is the dataset's class count.
 *
 *   arch    := 'fc' | 'cnn' | mlp | convnet
 *   mlp     := 'mlp:' widths? [':' act]            mlp:128-64:relu, mlp::tanh (no hidden layer)
 *   convnet := 'cnn:' blocks ':' widths? [':' act]  cnn:32k3p-64k3p:64:relu
 *   widths  := int ('-' int)*                      hidden dense layers
 *   block   := int 'k' int ['s'] ['p']             filters, kernel; s = 'same' padding, p = 2×2 max-pool after
 *   act     := 'relu' | 'tanh'                     relu when left out
 *
 * 'fc' and 'cnn' are the paper's networks (docs/design.md §6); the canonical form uses
 * them whenever a spec equals one, so equal networks always give equal URLs.
 */
import { cnn, mlp, planModel, type Activation, type Architecture, type ConvBlock, type ModelPlan } from '../nn/model';
import { DATASET_META, type DatasetId } from './datasets';

export type ArchSpec =
  | { family: 'mlp'; hidden: number[]; activation: Activation }
  | { family: 'cnn'; blocks: ConvBlock[]; dense: number[]; activation: Activation };

export type MlpSpec = Extract<ArchSpec, { family: 'mlp' }>;
export type CnnSpec = Extract<ArchSpec, { family: 'cnn' }>;

export const PAPER_FC: MlpSpec = { family: 'mlp', hidden: [128], activation: 'relu' };
export const PAPER_CNN: CnnSpec = {
  family: 'cnn', activation: 'relu', dense: [64],
  blocks: [{ filters: 32, kernel: 3, pool: true }, { filters: 64, kernel: 3, pool: true }, { filters: 64, kernel: 3, pool: false }],
};

/** Bounds that keep a hand-edited URL from asking for a network no browser can hold. */
export const ARCH_LIMITS = { maxLayers: 8, maxWidth: 4096, maxFilters: 1024, maxKernel: 15 } as const;

function int(text: string, what: string, max: number): number {
  if (!/^\d+$/.test(text)) throw new Error(`${what} '${text}' is not a whole number`);
  const n = Number(text);
  if (n < 1 || n > max) throw new Error(`${what} ${n} is outside 1…${max}`);
  return n;
}

function widths(text: string): number[] {
  if (text === '') return [];
  const parts = text.split('-');
  if (parts.length > ARCH_LIMITS.maxLayers) throw new Error(`at most ${ARCH_LIMITS.maxLayers} hidden layers`);
  return parts.map((p) => int(p, 'width', ARCH_LIMITS.maxWidth));
}

function block(text: string): ConvBlock {
  const m = /^(\d+)k(\d+)([a-z]*)$/.exec(text);
  if (!m) throw new Error(`conv block '${text}' should look like 32k3p (filters k kernel, then s = same padding, p = pool)`);
  const flags = m[3];
  if (!/^s?p?$/.test(flags) && !/^ps$/.test(flags)) throw new Error(`conv block '${text}': unknown flags '${flags}' (use s and/or p)`);
  const b: ConvBlock = { filters: int(m[1], 'filters', ARCH_LIMITS.maxFilters), kernel: int(m[2], 'kernel', ARCH_LIMITS.maxKernel), pool: flags.includes('p') };
  if (flags.includes('s')) b.padding = 'same';
  return b;
}

function activation(text: string | undefined): Activation {
  if (text === undefined || text === 'relu') return 'relu';
  if (text === 'tanh') return 'tanh';
  throw new Error(`activation '${text}' is not relu or tanh`);
}

/** Parses the grammar above; throws an Error whose message says what is wrong. */
export function parseArch(text: string): ArchSpec {
  const t = text.trim().toLowerCase();
  if (t === 'fc') return structuredClone(PAPER_FC);
  if (t === 'cnn') return structuredClone(PAPER_CNN);
  const parts = t.split(':');
  if (parts[0] === 'mlp') {
    if (parts.length < 2 || parts.length > 3) throw new Error(`'${text}' should look like mlp:128-64:relu`);
    return { family: 'mlp', hidden: widths(parts[1]), activation: activation(parts[2]) };
  }
  if (parts[0] === 'cnn') {
    if (parts.length < 3 || parts.length > 4 || parts[1] === '') throw new Error(`'${text}' should look like cnn:32k3p-64k3p:64:relu`);
    const blocks = parts[1].split('-');
    if (blocks.length > ARCH_LIMITS.maxLayers) throw new Error(`at most ${ARCH_LIMITS.maxLayers} conv blocks`);
    return { family: 'cnn', blocks: blocks.map(block), dense: widths(parts[2]), activation: activation(parts[3]) };
  }
  throw new Error(`'${text}' is not an architecture: use fc, cnn, mlp:128-64:relu or cnn:32k3p-64k3p:64:relu`);
}

const blockText = (b: ConvBlock) => `${b.filters}k${b.kernel}${b.padding === 'same' ? 's' : ''}${b.pool ? 'p' : ''}`;

/** The canonical text of a spec: the paper aliases where they apply, else the full form. */
export function formatArch(spec: ArchSpec): string {
  if (sameSpec(spec, PAPER_FC)) return 'fc';
  if (sameSpec(spec, PAPER_CNN)) return 'cnn';
  if (spec.family === 'mlp') return `mlp:${spec.hidden.join('-')}:${spec.activation}`;
  return `cnn:${spec.blocks.map(blockText).join('-')}:${spec.dense.join('-')}:${spec.activation}`;
}

function sameSpec(a: ArchSpec, b: ArchSpec): boolean {
  if (a.family !== b.family || a.activation !== b.activation) return false;
  if (a.family === 'mlp' && b.family === 'mlp') return a.hidden.join() === b.hidden.join();
  if (a.family === 'cnn' && b.family === 'cnn') {
    return a.dense.join() === b.dense.join() && a.blocks.map(blockText).join() === b.blocks.map(blockText).join();
  }
  return false;
}

/** The layer list for `classes` outputs, named by its canonical text. */
export function toArchitecture(spec: ArchSpec, classes: number): Architecture {
  const name = formatArch(spec);
  return spec.family === 'mlp'
    ? mlp(spec.hidden, spec.activation, classes, name)
    : cnn(spec.blocks, spec.dense, spec.activation, classes, name);
}

/** Parses `arch` and lays it out on `dataset`; throws with a message naming the layer when it does not fit. */
export function planArch(arch: string, dataset: DatasetId): ModelPlan {
  const meta = DATASET_META[dataset];
  return planModel(toArchitecture(parseArch(arch), meta.classes), meta.inputShape, meta.classes);
}
