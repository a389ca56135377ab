/**
 * The CLI's flags as one table: name, kind, default and help. The table drives parsing,
 * validation and `--help`, so every flag is documented and every bad value is named.
 */
import { InputError } from '../engine/errors';

type Kind = 'string' | 'int' | 'float' | 'bool';

interface Flag {
  name: string;
  kind: Kind;
  default?: string | number | boolean;
  help: string;
  /** Allowed values, for enums. */
  choices?: readonly string[];
  min?: number;
  max?: number;
}

export const FLAGS: readonly Flag[] = [
  { name: 'dataset', kind: 'string', default: 'mnist', help: "mnist (bundled), spiral, circles, xor, gaussians, or a folder of IDX files (Fashion-MNIST: /usr/share/datasets/fashion-mnist) or CIFAR-10 binaries" },
  { name: 'arch', kind: 'string', default: 'fc', help: "fc, cnn (the paper's), mlp:W1-W2:relu|tanh, or cnn:32k3p-64k3p:64:relu" },
  { name: 'method', kind: 'string', default: 'sgd', choices: ['sgd', 'rbd', 'fpd'], help: 'sgd (full gradient), rbd (random bases descent), fpd (fixed projection)' },
  { name: 'lr', kind: 'float', help: "learning rate η (default: the paper's rate for this arch, dataset and method, else 0.1)", min: 0 },
  { name: 'batch', kind: 'int', default: 32, min: 1, max: 4096, help: 'minibatch size B per worker' },
  { name: 'epochs', kind: 'float', default: 1, min: 0, help: 'epochs to train (fractions allowed)' },
  { name: 'steps', kind: 'int', min: 1, help: 'train exactly this many steps (overrides --epochs)' },
  { name: 'seed', kind: 'int', default: 1, min: 0, max: 0xffffffff, help: 'seed for init, data order and bases' },
  { name: 'd', kind: 'int', default: 250, min: 1, help: 'subspace dimension d (rbd, fpd)' },
  { name: 'redraw', kind: 'string', default: '1', help: "redraw the basis every N steps, or 'never' (fpd implies never)" },
  { name: 'dist', kind: 'string', default: 'normal', choices: ['normal', 'uniform', 'rademacher'], help: 'distribution of the basis entries' },
  { name: 'compartments', kind: 'string', default: 'network', help: 'network, layer, tensor or chunk:N' },
  { name: 'alloc', kind: 'string', default: 'proportional', choices: ['proportional', 'equal', 'each'], help: 'how d is split across compartments' },
  { name: 'workers', kind: 'int', default: 1, min: 1, max: 64, help: 'in-process workers with shared seeds (rbd, fpd)' },
  { name: 'eval-every', kind: 'int', min: 1, help: 'also evaluate on the test set every N steps (default: once per epoch)' },
  { name: 'log-every', kind: 'int', default: 50, min: 1, help: 'read the training loss back every N steps' },
  { name: 'csv', kind: 'string', help: 'write the curve (step, epoch, loss, train acc, test acc) as CSV to this file' },
  { name: 'json', kind: 'string', help: 'write the run (config, curve, final accuracy) as JSON to this file' },
  { name: 'export-coords', kind: 'string', help: 'fpd: write {seed, architecture, dataset, ĉ} as JSON to this file' },
  { name: 'import-coords', kind: 'string', help: 'fpd: rebuild θ from this JSON file and evaluate it, with no training' },
  { name: 'quiet', kind: 'bool', default: false, help: 'no progress bar' },
  { name: 'help', kind: 'bool', default: false, help: 'show this help' },
];

export type Args = Record<string, string | number | boolean | undefined>;

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {};
  for (const f of FLAGS) args[f.name] = f.default;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') continue;
    if (!token.startsWith('--')) throw new InputError(token, "unexpected argument (flags look like --name value; see --help)");
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2);
    const flag = FLAGS.find((f) => f.name === name);
    if (!flag) throw new InputError(`--${name}`, 'unknown flag (see --help)');
    if (flag.kind === 'bool') { args[name] = inline === undefined ? true : inline !== 'false'; continue; }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new InputError(`--${name}`, 'needs a value');
    args[name] = parseValue(flag, raw);
  }
  return args;
}

function parseValue(flag: Flag, raw: string): string | number {
  const where = `--${flag.name}`;
  if (flag.kind === 'string') {
    if (flag.choices && !flag.choices.includes(raw)) throw new InputError(where, `must be one of ${flag.choices.join(', ')}; got '${raw}'`);
    return raw;
  }
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) throw new InputError(where, `must be a number; got '${raw}'`);
  if (flag.kind === 'int' && !Number.isInteger(value)) throw new InputError(where, `must be a whole number; got '${raw}'`);
  if (flag.min !== undefined && value < flag.min) throw new InputError(where, `must be at least ${flag.min}; got ${raw}`);
  if (flag.max !== undefined && value > flag.max) throw new InputError(where, `must be at most ${flag.max}; got ${raw}`);
  return value;
}

export function helpText(): string {
  const rows = FLAGS.map((f) => {
    const value = f.kind === 'bool' ? '' : ` <${f.choices ? f.choices.join('|') : f.kind}>`;
    const def = f.default !== undefined && f.kind !== 'bool' ? ` (default ${f.default})` : '';
    return `  --${f.name}${value}\n      ${f.help}${def}`;
  });
  return ['Usage: npm run train -- [flags]', '', 'Trains a network headless on the same engine as the playground (Node + Dawn).', '', 'Flags:', ...rows,
    '', 'Example: npm run train -- --dataset mnist --arch fc --method rbd --d 250 --lr 1 --epochs 2'].join('\n');
}
