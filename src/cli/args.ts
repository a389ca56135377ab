/**
 * The command line's flags. The experiment's flags are the fields of the experiment
 * table (src/experiment/fields.ts): the same names, defaults, bounds and messages as a
 * link. The flags below are the command line's own (what to log and where to write it).
 */
import { InputError } from '../engine/errors';
import { CONFIG_KEYS, FIELDS, fieldOf } from '../experiment/fields';
import { intOf } from '../experiment/values';

export interface OwnFlag {
  name: string;
  kind: 'int' | 'string' | 'bool';
  help: string;
  default?: number | boolean;
}

export const OWN_FLAGS: readonly OwnFlag[] = [
  { name: 'eval-every', kind: 'int', help: 'also evaluate on the test set every N steps (default: once per epoch)' },
  { name: 'log-every', kind: 'int', default: 50, help: 'read the training loss back every N steps' },
  { name: 'csv', kind: 'string', help: 'write the curve (step, epoch, loss, train acc, test acc) as CSV to this file' },
  { name: 'json', kind: 'string', help: 'write the run (config, curve, final accuracy) as JSON to this file' },
  { name: 'export-coords', kind: 'string', help: 'fpd: write {seed, architecture, dataset, ĉ} as JSON to this file' },
  { name: 'import-coords', kind: 'string', help: 'fpd: rebuild θ from this JSON file and evaluate it, with no training' },
  { name: 'theta', kind: 'string', help: 'write the final θ to this file (D little-endian f32, raw), to compare runs bit for bit' },
  { name: 'nats', kind: 'string', help: 'with --room: the NATS server (JetStream on) that every member reaches, e.g. nats://127.0.0.1:4222' },
  { name: 'quorum', kind: 'int', default: 1, help: 'with --room, founding it: the members step 0 waits for (then the budget in epochs counts W = quorum)' },
  { name: 'deadline', kind: 'int', help: 'with --room, founding it: seconds a silent member is waited for before it is evicted (default 30)' },
  { name: 'hash-every', kind: 'int', default: 10, help: 'with --room, founding it: every N steps the members compare θ hashes before the step, and one that differs takes the lowest member\'s θ' },
  { name: 'quiet', kind: 'bool', default: false, help: 'no progress bar' },
  { name: 'help', kind: 'bool', default: false, help: 'show this help' },
];

/** The own flags of `sweep` and `reproduce`: where their results go. */
export const RESULTS_FLAGS: readonly OwnFlag[] = [
  { name: 'out', kind: 'string', help: 'folder for the tables and figures written (default bench/results)' },
  { name: 'cache', kind: 'string', help: 'folder of finished runs, so that a run is never trained twice (default bench/results/runs)' },
  { name: 'eval-samples', kind: 'int', help: 'evaluate on a fixed stratified subsample of the test set (each class its share), this many samples (default: the whole test set; reproduce on a software adapter: 2000)' },
  { name: 'quiet', kind: 'bool', default: false, help: 'no progress bars' },
  { name: 'help', kind: 'bool', default: false, help: 'show this help' },
];

/** The experiment flags as given, still text (read by the table once the dataset is known), and the CLI's own. */
export interface Args {
  fields: [string, string][];
  flags: Record<string, string | number | boolean | undefined>;
}

/** Reads `argv`: the command's own flags (`own`; they win over a field of the same name) and the experiment's fields. */
export function parseArgs(argv: readonly string[], own: readonly OwnFlag[] = OWN_FLAGS): Args {
  const args: Args = { fields: [], flags: Object.fromEntries(own.map((f) => [f.name, f.default])) };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') continue;
    if (!token.startsWith('--')) throw new InputError(token, 'unexpected argument (flags look like --name value; see --help)');
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2);
    const flag = own.find((f) => f.name === name);
    if (!flag && !fieldOf(name)) throw new InputError(`--${name}`, 'unknown flag (see --help)');
    if (flag?.kind === 'bool') { args.flags[name] = inline === undefined ? true : inline !== 'false'; continue; }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new InputError(`--${name}`, 'needs a value');
    if (!flag) args.fields.push([name, raw]);
    else if (flag.kind === 'string') args.flags[name] = raw;
    else {
      try { args.flags[name] = intOf(raw, 1, Number.MAX_SAFE_INTEGER); } catch (e) { throw new InputError(`--${name}`, (e as Error).message); }
    }
  }
  return args;
}

export function helpText(): string {
  const fields = CONFIG_KEYS.filter((k) => FIELDS[k].side !== 'url').map((k) => {
    const f = FIELDS[k];
    const value = f.options ? f.options.join('|') : k === 'dataset' ? 'name|folder' : 'value';
    return `  --${k} <${value}>\n      ${f.help} (default ${k === 'lr' ? "the paper's, else 0.1" : f.format(f.default as never)})`;
  });
  const own = OWN_FLAGS.map((f) => `  --${f.name}${f.kind === 'bool' ? '' : ` <${f.kind}>`}\n      ${f.help}${f.default !== undefined && f.kind !== 'bool' ? ` (default ${f.default})` : ''}`);
  return ['Usage: npm run train -- [flags]', '', 'Trains a network headless on the same engine as the playground (Node + Dawn).', '',
    'Experiment (the same fields, defaults and checks as a playground link):', ...fields, '', 'Output:', ...own,
    '', 'Example: npm run train -- --dataset mnist --arch fc --method rbd --d 250 --lr 1 --epochs 2'].join('\n');
}
