/**
 * The paper's Table 1 reproduced: its FC and CNN with sgd, fpd and rbd at d = 250 and
 * its learning rates (docs/design.md §6), beside the paper's figures.
 *   npm run reproduce -- --steps 1000 --datasets mnist,fashion-mnist --archs fc
 * Finished runs are kept (bench/results/runs), so the table fills over several sittings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../data/dataset';
import { FASHION_MNIST_DIR, loadBundledMnist, loadDataset } from '../data/node';
import { withTestSubsample } from '../data/subsample';
import { getDevice } from '../engine/device';
import { InputError } from '../engine/errors';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { paperLearningRate } from '../experiment/paper';
import { subsetOf } from '../experiment/values';
import { runCommand } from './command';
import { parseArgs, RESULTS_FLAGS, type OwnFlag } from './args';
import { experimentOf } from './resolve';
import { reproduceMarkdown, TABLE_METHODS, type TableRow } from './reproduce-table';
import { engineVersion, RunCache } from './run-cache';
import { keyOf, runOne, type RunPlace } from './run-one';
import { timeSteps } from './timing';

const FLAGS: readonly OwnFlag[] = [
  { name: 'datasets', kind: 'string', help: 'comma-separated: mnist (bundled), fashion-mnist (Debian\'s files), cifar10 (default all three)' },
  { name: 'archs', kind: 'string', help: 'comma-separated: fc, cnn (default both)' },
  { name: 'cifar', kind: 'string', help: 'the folder that holds the CIFAR-10 binaries (data_batch_*.bin, test_batch.bin); without it, its rows say "not run"' },
  { name: 'budget-minutes', kind: 'int', help: 'choose the largest step count a run whose whole table fits in this many minutes here (timed first)' },
  ...RESULTS_FLAGS,
];
/** The experiment fields reproduce takes; the rest are the paper's. */
const OPEN_FIELDS = ['steps', 'epochs', 'seed'];
const DATASETS = ['mnist', 'fashion-mnist', 'cifar10'] as const;
const ARCHS = ['fc', 'cnn'] as const;
const PAPER_EPOCHS = 100;

/** A list flag, read as a subset of its options; all of them where it is not given. */
const listFlag = <T extends string>(raw: unknown, options: readonly T[], flag: string): T[] => {
  if (raw === undefined) return [...options];
  try { return subsetOf(options)(String(raw)); } catch (e) { throw new InputError(`--${flag}`, (e as Error).message); }
};

async function loadData(id: (typeof DATASETS)[number], cifar: string | undefined): Promise<{ dataset: Dataset; data: string } | { notRun: string }> {
  if (id === 'mnist') return { dataset: loadBundledMnist(), data: 'bundled MNIST, 8,000 / 2,000 (the paper: 60,000 / 10,000)' };
  if (id === 'fashion-mnist') return { dataset: await loadDataset('fashion-mnist'), data: `${FASHION_MNIST_DIR}, 60,000 / 10,000` };
  if (!cifar) return { notRun: 'no CIFAR-10 files given (--cifar)' };
  return { dataset: await loadDataset(cifar), data: `${cifar}, 50,000 / 10,000` };
}

async function main(argv: string[]): Promise<number> {
  const { fields, flags } = parseArgs(argv, FLAGS);
  if (flags.help) { console.log(FLAGS.map((f) => `  --${f.name}\n      ${f.help}`).join('\n')); return 0; }
  const closed = fields.find(([k]) => !OPEN_FIELDS.includes(k));
  if (closed) throw new InputError(`--${closed[0]}`, `is the paper's in a reproduction; only --${OPEN_FIELDS.join(', --')} can be set`);
  const given = (k: string) => fields.some(([f]) => f === k);
  if (!given('steps') && !given('epochs') && flags['budget-minutes'] === undefined) throw new InputError('--steps', 'give --steps N, --epochs E or --budget-minutes M');

  const { device, adapterName, isSoftware } = await getDevice('cli-reproduce');
  // A software adapter evaluates on a fixed part of the test set unless told otherwise; the table says so.
  const evalSamples = flags['eval-samples'] !== undefined ? Number(flags['eval-samples']) : isSoftware ? 2000 : null;
  const engine = engineVersion();
  const cache = new RunCache(String(flags.cache ?? 'bench/results/runs'));
  const rows: (TableRow & { place?: RunPlace; configs?: ExperimentConfig[] })[] = [];
  for (const id of listFlag(flags.datasets, DATASETS, 'datasets')) {
    const loaded = await loadData(id, flags.cifar as string | undefined);
    for (const arch of listFlag(flags.archs, ARCHS, 'archs')) {
      if ('notRun' in loaded) { rows.push({ arch, dataset: id, notRun: loaded.notRun }); continue; }
      const base = experimentOf(fields, id);
      const configs = TABLE_METHODS.map((method): ExperimentConfig => ({ ...base, arch, method, d: 250, batch: 32, dist: 'normal', compartments: 'network', alloc: 'proportional', workers: 1,
        redraw: method === 'fpd' ? 'never' : 1, lr: paperLearningRate(arch, id, method === 'fpd' ? 'rbd' : method)! }));
      const place: RunPlace = { device, deviceName: adapterName, engine, cache, data: id, dataset: withTestSubsample(loaded.dataset, evalSamples ?? undefined), evalSamples, quiet: Boolean(flags.quiet) };
      rows.push({ arch, dataset: id, data: loaded.data, stepsPerEpoch: Math.floor(loaded.dataset.train.count / 32), place, configs });
    }
  }

  const ran = rows.filter((r) => r.place);
  const allKept = ran.every((r) => r.configs!.every((c) => cache.get(keyOf(r.place!, c))));
  if (flags['budget-minutes'] !== undefined || (isSoftware && !allKept)) {
    let perStep = 0, perEval = 0, full = 0;
    for (const r of ran) for (const c of r.configs!) {
      const t = await timeSteps(r.place!, c);
      perStep += t.stepSeconds; perEval += t.evalSeconds;
      full += t.stepSeconds * PAPER_EPOCHS * r.stepsPerEpoch! + t.evalSeconds * PAPER_EPOCHS;
    }
    console.log(`timed here: ${perStep.toFixed(2)} s for one step of every run of the table, ${perEval.toFixed(1)} s for one evaluation of each.`);
    const asked = ran.map((r) => `${r.arch} on ${r.dataset}`).join(', ');
    console.log(`These rows (${asked}) in full, ${PAPER_EPOCHS} epochs a run as in the paper and evaluated once an epoch, would take about ${(full / 3600).toFixed(0)} hours on ${adapterName} (an estimate from those timings).`);
    if (flags['budget-minutes'] !== undefined) {
      const steps = Math.max(1, Math.floor((Number(flags['budget-minutes']) * 60 - perEval) / perStep));
      console.log(`--budget-minutes ${flags['budget-minutes']}: ${steps} steps a run fit; chose --steps ${steps}.`);
      for (const r of ran) r.configs = r.configs!.map((c) => ({ ...c, steps }));
    }
  }

  for (const r of ran) {
    const results = {} as NonNullable<TableRow['results']>;
    for (const c of r.configs!) {
      const label = `${r.arch} ${r.dataset} ${c.method}`;
      const { result, cached } = await runOne(r.place!, c, label);
      console.log(`${label}: ${result.steps} steps, test accuracy ${(100 * result.finalAccuracy).toFixed(2)}% ${cached ? '(kept from an earlier run)' : `in ${(result.seconds / 60).toFixed(1)} min`}`);
      results[c.method as (typeof TABLE_METHODS)[number]] = result;
    }
    r.results = results;
  }
  const markdown = reproduceMarkdown(rows, { device: adapterName, engine, evalSamples, seed: ran[0]?.configs?.[0].seed ?? DEFAULT_CONFIG.seed });
  const out = String(flags.out ?? 'bench/results');
  mkdirSync(out, { recursive: true });
  const path = join(out, `reproduce-${rows.map((r) => `${r.arch}-${r.dataset}`).join('_')}-${ran[0]?.results?.sgd.steps ?? 0}steps.md`);
  writeFileSync(path, markdown);
  console.log(`\n${markdown}\nwrote ${path}`);
  device.destroy();
  return 0;
}

runCommand(main);
