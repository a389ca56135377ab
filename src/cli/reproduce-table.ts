/** The markdown of `npm run reproduce`: the measured accuracies beside the paper's Table 1, with what they were measured on. */
import { PAPER_ACCURACY } from '../experiment/paper';
import type { RunResult } from './run-cache';

export const TABLE_METHODS = ['fpd', 'rbd', 'sgd'] as const;

export interface TableRow {
  arch: 'fc' | 'cnn';
  dataset: string;
  /** Why the row was not run (no files given), or its three results. */
  notRun?: string;
  results?: Record<(typeof TABLE_METHODS)[number], RunResult>;
  /** What the row trained on, e.g. "8,000 / 2,000 (bundled; the paper: 60,000 / 10,000)". */
  data?: string;
  stepsPerEpoch?: number;
}

const pct = (x: number) => (100 * x).toFixed(1);

/** Whether the measured row keeps the paper's ordering FPD < RBD < SGD. */
export const ordered = (r: NonNullable<TableRow['results']>) => r.fpd.finalAccuracy < r.rbd.finalAccuracy && r.rbd.finalAccuracy < r.sgd.finalAccuracy;

export function reproduceMarkdown(rows: readonly TableRow[], o: { device: string; engine: string; evalSamples: number | null; seed: number }): string {
  const lines = [
    `Test accuracy (%) at the end of each run (batch 32, d = 250, normal, redraw every step; fpd at RBD's η, as the paper's code), seed ${o.seed}; the paper's Table 1 after 100 epochs beside it.`,
    '',
    '| network | dataset | steps (epochs) | FPD | RBD | SGD | FPD < RBD < SGD | paper FPD | paper RBD | paper SGD | train / test samples |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    const paper = PAPER_ACCURACY[`${row.arch}/${row.dataset}`];
    const p = `${paper.fpd} | ${paper.rbd} | ${paper.sgd}`;
    if (!row.results) {
      lines.push(`| ${row.arch.toUpperCase()} | ${row.dataset} | | not run | not run | not run | | ${p} | ${row.notRun} |`);
      continue;
    }
    const r = row.results;
    const cell = (m: (typeof TABLE_METHODS)[number]) => `${pct(r[m].finalAccuracy)}${r[m].divergedAt !== null ? ` (diverged at ${r[m].divergedAt})` : ''}`;
    lines.push(`| ${row.arch.toUpperCase()} | ${row.dataset} | ${r.sgd.steps} (${(r.sgd.steps / row.stepsPerEpoch!).toFixed(2)}) | ${cell('fpd')} | ${cell('rbd')} | ${cell('sgd')} | ${ordered(r) ? 'yes' : 'no'} | ${p} | ${row.data} |`);
  }
  lines.push('', `Evaluated on ${o.evalSamples === null ? 'the whole test set' : `a fixed stratified subsample of ${o.evalSamples} test samples (each class its share, its first samples)`}. Device: ${o.device}. Engine ${o.engine}.`, '');
  return lines.join('\n');
}
