/**
 * How small can d be: the experiment trained at every d of a grid, for fpd and rbd,
 * beside an sgd baseline, and d_int90 of each method (docs/design.md §12).
 *   npm run sweep -- --dataset mnist --arch mlp:16:relu --lr 4 --sgdLr 0.5 --d 8..1024 --steps 500
 * Finished runs are kept (bench/results/runs), so an interrupted sweep resumes.
 */
import { mkdirSync } from 'node:fs';
import { withTestSubsample } from '../data/subsample';
import { getDevice } from '../engine/device';
import { InputError } from '../engine/errors';
import { FIELDS, type ConfigKey, type FieldSpec } from '../experiment/fields';
import { budgetText, summarize, sweepRuns } from '../experiment/sweep';
import { formatIntrinsicDim } from '../experiment/intrinsic';
import { runCommand } from './command';
import { parseArgs, RESULTS_FLAGS, type OwnFlag } from './args';
import { resolveExperiment } from './resolve';
import { engineVersion, RunCache } from './run-cache';
import { runOne, type RunPlace } from './run-one';
import { writeSweep } from './sweep-report';

/** The sweep's fields of the table, read under the command line's names (`--d` is the grid). */
const SWEEP_FLAGS: [flag: string, field: ConfigKey][] = [['d', 'sweep'], ['methods', 'methods'], ['seeds', 'seeds'], ['threshold', 'threshold'], ['sgdLr', 'sgdLr']];

const FLAGS: readonly OwnFlag[] = [...SWEEP_FLAGS.map(([name, field]): OwnFlag => ({ name, kind: 'string', help: FIELDS[field].help })), ...RESULTS_FLAGS];

const HELP = ['Usage: npm run sweep -- --d 8,16,…|8..4096 [--methods fpd,rbd] [--seeds 1,2,3] [--steps N | --epochs E] [experiment flags, as npm run train]', '',
  ...FLAGS.map((f) => `  --${f.name}${f.kind === 'bool' ? '' : ` <${f.kind === 'int' ? 'N' : 'value'}>`}\n      ${f.help}`)].join('\n');

async function main(argv: string[]): Promise<number> {
  const { fields, flags } = parseArgs(argv, FLAGS);
  if (flags.help) { console.log(HELP); return 0; }
  const { config: base, dataset, source } = await resolveExperiment(fields);
  for (const [flag, field] of SWEEP_FLAGS) {
    const raw = flags[flag];
    if (raw === undefined) continue;
    const spec = FIELDS[field] as FieldSpec<unknown>;
    try { (base as unknown as Record<string, unknown>)[field] = spec.parse(String(raw)); } catch (e) { throw new InputError(`--${flag}`, (e as Error).message); }
  }
  if (!base.sweep) throw new InputError('--d', 'a sweep needs its grid of d, e.g. --d 8,16,32 or --d 8..4096');
  if (flags.sgdLr === undefined) base.sgdLr = FIELDS.sgdLr.defaultFor!(base);

  const evalSamples = flags['eval-samples'] === undefined ? null : Number(flags['eval-samples']);
  const { device, adapterName } = await getDevice('cli-sweep');
  const place: RunPlace = { device, deviceName: adapterName, engine: engineVersion(), cache: new RunCache(String(flags.cache ?? 'bench/results/runs')),
    data: source, dataset: withTestSubsample(dataset, evalSamples ?? undefined), evalSamples, quiet: Boolean(flags.quiet) };
  const runs = sweepRuns(base);
  console.log(`device: ${adapterName} · engine ${place.engine} · ${runs.length} runs of ${budgetText(base)} each`);
  const done = [];
  for (const [i, run] of runs.entries()) {
    const label = `${run.method}${run.method === 'sgd' ? '' : ` d=${run.d}`} seed ${run.seed}`;
    const { result, cached } = await runOne(place, run.config, `[${i + 1}/${runs.length}] ${label}`);
    console.log(`[${i + 1}/${runs.length}] ${label}: test accuracy ${(100 * result.finalAccuracy).toFixed(2)}%${result.divergedAt !== null ? ` (diverged at step ${result.divergedAt})` : ''} ${cached ? '(kept from an earlier run)' : `in ${result.seconds.toFixed(1)} s`}`);
    done.push({ run, result });
  }
  const summary = summarize(base, done.map(({ run, result }) => ({ run, accuracy: result.finalAccuracy })));
  for (const m of summary.methods) console.log(`d_int90 ${m.method}: ${m.intrinsic ? formatIntrinsicDim(m.intrinsic) : 'n/a'}`);
  const out = String(flags.out ?? 'bench/results');
  mkdirSync(out, { recursive: true });
  const name = `sweep-${base.dataset}-${base.arch.replace(/[^a-z0-9]+/gi, '')}-${budgetText(base).replace(/\s+/g, '')}`;
  for (const path of writeSweep(out, name, { base, device: adapterName, engine: place.engine, data: source, evalSamples, summary, runs: done })) console.log(`wrote ${path}`);
  device.destroy();
  return 0;
}

runCommand(main);
