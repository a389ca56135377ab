/** What `npm run sweep` writes: CSV (one row a run), JSON (all of it), a markdown table with d_int90, and the SVG figure. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeConfig } from '../experiment/config';
import type { ExperimentConfig } from '../experiment/fields';
import { formatIntrinsicDim } from '../experiment/intrinsic';
import { budgetText, type SweepRun, type SweepSummary } from '../experiment/sweep';
import { sweepSvg } from './plot-svg';
import type { RunResult } from './run-cache';

export interface SweepReport {
  base: ExperimentConfig;
  device: string;
  engine: string;
  data: string;
  evalSamples: number | null;
  summary: SweepSummary;
  runs: { run: SweepRun; result: RunResult }[];
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** What the figure is measured at: the budget, the seeds, the threshold and the data, always stated beside it. */
export function sweepCaption(r: SweepReport): string {
  const seeds = r.base.seeds ?? [r.base.seed];
  const threshold = r.base.threshold === 'absolute' ? '90% absolute' : '0.9 × sgd';
  const evalText = r.evalSamples === null ? 'the whole test set' : `${r.evalSamples} test samples (stratified)`;
  return `${budgetText(r.base)} a run, batch ${r.base.batch}, η ${r.base.lr} (sgd ${r.base.sgdLr}), seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}, threshold ${threshold}, evaluated on ${evalText}; ${r.device}, engine ${r.engine}`;
}

export function sweepMarkdown(r: SweepReport): string {
  const grid = r.base.sweep!;
  const head = `| method | ${grid.map((d) => `d = ${d}`).join(' | ')} | d_int90 |`;
  const rows = r.summary.methods.map((m) => {
    const cells = grid.map((d) => {
      const p = m.points.find((q) => q.d === d);
      return !p ? 'not run' : p.seeds > 1 ? `${pct(p.accuracy)} (${pct(p.low)}–${pct(p.high)})` : pct(p.accuracy);
    });
    return `| ${m.method} | ${cells.join(' | ')} | ${m.intrinsic ? formatIntrinsicDim(m.intrinsic) : 'n/a'} |`;
  });
  const sgd = r.summary.sgd ? pct(r.summary.sgd.accuracy) : 'not run';
  const threshold = r.summary.threshold !== null ? pct(r.summary.threshold) : 'n/a';
  return [`Test accuracy after ${budgetText(r.base)} (\`${r.data}\`, \`${r.base.arch}\`); sgd baseline ${sgd}, threshold ${threshold}.`, '',
    head, `|---|${grid.map(() => '---|').join('')}---|`, ...rows, '', `Measured at: ${sweepCaption(r)}.`, ''].join('\n');
}

/** Writes the four files as `<dir>/<name>.{csv,json,md,svg}`; returns their paths. */
export function writeSweep(dir: string, name: string, r: SweepReport): string[] {
  const csv = ['method,d,seed,steps,test_acc,final_loss,diverged_at,seconds',
    ...r.runs.map(({ run, result }) => [run.method, run.method === 'sgd' ? '' : run.d, run.seed, result.steps, result.finalAccuracy, result.finalLoss, result.divergedAt ?? '', result.seconds.toFixed(2)].join(','))];
  const json = { base: serializeConfig(r.base), device: r.device, engine: r.engine, data: r.data, evalSamples: r.evalSamples, summary: r.summary,
    runs: r.runs.map(({ run, result }) => ({ method: run.method, d: run.d, seed: run.seed, config: result.key.config, steps: result.steps, accuracy: result.finalAccuracy, loss: result.finalLoss, divergedAt: result.divergedAt, seconds: result.seconds })) };
  const title = `Test accuracy against d: ${r.data}, ${r.base.arch}, ${budgetText(r.base)}`;
  const files: [string, string][] = [['csv', csv.join('\n') + '\n'], ['json', JSON.stringify(json, null, 1) + '\n'], ['md', sweepMarkdown(r)], ['svg', sweepSvg(r.summary, r.base.sweep!, title, sweepCaption(r))]];
  return files.map(([ext, text]) => { const path = join(dir, `${name}.${ext}`); writeFileSync(path, text); return path; });
}
