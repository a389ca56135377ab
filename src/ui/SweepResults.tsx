/**
 * What a sweep's finished runs say, beside its figure: each method's d_int90 (the
 * interpolated value and the grid value that reached the threshold), and what it
 * depends on, stated every time: the budget, the seeds and the threshold (§12).
 */
import { Fragment } from 'react';
import type { ExperimentConfig } from '../experiment/fields';
import { formatIntrinsicDim } from '../experiment/intrinsic';
import { budgetText, type SweepSummary } from '../experiment/sweep';
import { percent } from '../state/format';
import type { SweepView } from '../state/sweep-view';
import { METHOD_COLORS } from './chart-frame';
import { SweepChart } from './lazy-panels';

interface Props { base: ExperimentConfig; summary: SweepSummary; view: SweepView }

export function SweepResults({ base, summary, view }: Props) {
  const seeds = base.seeds ?? [base.seed];
  const sgd = summary.sgd;
  const band = (low: number, high: number) => (seeds.length > 1 ? ` (${percent(low)}–${percent(high)})` : '');
  const threshold = base.threshold === 'absolute' ? '90% absolute'
    : sgd ? `0.9 × sgd ${percent(sgd.accuracy)} = ${percent(summary.threshold!)}` : '0.9 × sgd (once the baseline has finished)';
  const any = summary.methods.some((m) => m.points.length);
  return (
    <div className="sweep-results">
      {any ? <SweepChart summary={summary} grid={base.sweep ?? []} seeds={seeds.length} />
        : <p className="meta empty">The figure fills in as the runs finish{seeds.length > 1 ? ' (a d shows once every seed has it: the curve is their mean)' : ''}.</p>}
      <dl className="facts" data-testid="sweep-facts">
        {summary.methods.map((m) => (
          <Fragment key={m.method}>
            <dt><span className="swatch" style={{ background: METHOD_COLORS[m.method] }} />{m.method} d_int90</dt>
            <dd data-testid={`sweep-dint-${m.method}`} data-kind={m.intrinsic?.kind ?? 'none'}>
              {m.intrinsic ? formatIntrinsicDim(m.intrinsic) : '–'}
              {m.intrinsic && m.points.length < (base.sweep?.length ?? 0) && <span className="meta"> (so far)</span>}
            </dd>
          </Fragment>
        ))}
        <dt>sgd baseline</dt>
        <dd data-testid="sweep-sgd">{sgd ? `${percent(sgd.accuracy)}${band(sgd.low, sgd.high)} at η = ${base.sgdLr}` : '–'}</dd>
        <dt>Threshold</dt><dd data-testid="sweep-threshold">{threshold}</dd>
        <dt>Budget</dt><dd data-testid="sweep-budget">{budgetText(base)} per run</dd>
        <dt>{seeds.length > 1 ? 'Seeds' : 'Seed'}</dt><dd data-testid="sweep-seeds">{seeds.join(', ')}{seeds.length > 1 ? ' (mean curve)' : ''}</dd>
      </dl>
      {view.diverged.length > 0 && (
        <p className="meta" data-testid="sweep-diverged">
          Diverged, plotted at 0%: {view.diverged.map((r) => `${r.method} d=${r.d}${seeds.length > 1 ? ` seed ${r.seed}` : ''}`).join(', ')}.
        </p>
      )}
    </div>
  );
}
