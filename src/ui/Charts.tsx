/**
 * The curves of every visible run, overlaid: loss, training accuracy, test accuracy,
 * and ρ_G, what each run's subspace sees of the true gradient (docs/design.md §11, the
 * picture of why RBD wins), against step or epoch. Runs are re-read at most 4 times a second,
 * and each series is cut to a few hundred points for drawing (MetricChart). The charts'
 * drawing code loads after the controls have painted (lazy-panels.tsx); the legend does not wait.
 */
import { useState } from 'react';
import { runLabel } from '../state/format';
import { MetricChart } from './lazy-panels';
import type { ChartRun, Guide, XKey } from './metrics';
import { useApp, useAppShallow, useThrottled } from './use-app';

const REFRESH_MS = 250;

export function Charts() {
  const [x, setX] = useState<XKey>('step');
  const [logLoss, setLogLoss] = useState(false);
  const runs = useThrottled((s) => s.runs, REFRESH_MS);
  const series = useThrottled((s) => s.series, REFRESH_MS);
  const shown: ChartRun[] = runs.filter((r) => r.visible).map((r) => ({ run: r, points: series[r.id]?.points ?? [] }));
  const subspace = shown.filter(({ run }) => run.config.method !== 'sgd');
  // With several compartments, each one's ρ_G too, dashed in the run's colour.
  const parts = subspace.flatMap(compartmentSeries);
  // A fresh random basis sees about √(Σd_k/D) of any fixed direction: the level rbd keeps and fpd falls below.
  const guides: Guide[] = subspace.flatMap(({ run }) => (run.info ? [{ y: Math.sqrt(run.info.sumDk / run.info.D), color: run.color, label: '√(Σd_k/D)' }] : []));

  return (
    <section className="charts" aria-label="Training curves" data-testid="charts">
      <div className="row wrap chart-tools">
        <div role="group" aria-label="Horizontal axis" className="segmented">
          {(['step', 'epoch'] as const).map((k) => (
            <button key={k} type="button" aria-pressed={x === k} data-testid={`x-${k}`} onClick={() => setX(k)}>{k}</button>
          ))}
        </div>
        <label title="Plot the loss on a logarithmic scale">
          <input type="checkbox" checked={logLoss} onChange={(e) => setLogLoss(e.target.checked)} data-testid="log-loss" /> log loss
        </label>
      </div>
      <Legend />
      <div className="chart-grid">
        <MetricChart title="Training loss" metric="loss" x={x} runs={shown} log={logLoss} testId="chart-loss" />
        <MetricChart title="Training accuracy" metric="trainAcc" x={x} runs={shown} testId="chart-train-acc" />
        <MetricChart title="Test accuracy" metric="testAcc" x={x} runs={shown} testId="chart-test-acc" />
        {subspace.length > 0 && (
          <MetricChart title="ρ_G: what the subspace sees of the true gradient" metric="rhoG" x={x} runs={[...subspace, ...parts]} guides={dedupe(guides)}
            caption="cos(PPᵀG, G); sgd: 1" testId="chart-rho-g" />
        )}
      </div>
    </section>
  );
}

/** Each run's key settings, with a show/hide toggle. */
function Legend() {
  // One string per run, so useShallow sees no change while only progress and metrics move.
  const rows = useAppShallow((s) => s.runs.map((r) => [r.id, r.color, r.visible, runLabel(r.live), r.status].join('\t')));
  const runs = rows.map((row) => { const [id, color, visible, label, status] = row.split('\t'); return [id, color, visible === 'true', label, status] as const; });
  const toggle = useApp((s) => s.toggleRun);
  if (!runs.length) return <p className="meta empty">Press play, or pick a preset, to start a run.</p>;
  return (
    <ul className="legend" data-testid="legend">
      {runs.map(([id, color, visible, label, status]) => (
        <li key={id}>
          <label title={visible ? 'Hide this run' : 'Show this run'}>
            <input type="checkbox" checked={visible} onChange={() => toggle(id)} data-testid={`legend-toggle-${id}`} />
            <span className="swatch" style={{ background: color }} />
            <span className={visible ? '' : 'muted'}>{label}</span>
            {status !== 'running' && <span className="meta"> ({status})</span>}
          </label>
        </li>
      ))}
    </ul>
  );
}

/** One guide per level: runs with the same Σd_k/D share theirs. */
const dedupe = (guides: Guide[]) => guides.filter((g, i) => guides.findIndex((h) => h.y === g.y) === i);

/** A run's per-compartment ρ_G as series of their own, when it has more than one compartment. */
function compartmentSeries({ run, points }: ChartRun): ChartRun[] {
  const K = points.find((p) => p.diagnostics)?.diagnostics!.rhoGByCompartment.length ?? 0;
  if (K < 2) return [];
  return Array.from({ length: K }, (_, k) => ({
    run, part: { key: `k${k}`, label: `compartment ${k}` },
    points: points.filter((p) => p.diagnostics).map((p) => ({ ...p, diagnostics: { ...p.diagnostics!, rhoG: p.diagnostics!.rhoGByCompartment[k] } })),
  }));
}
