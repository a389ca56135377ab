/**
 * One metric for several runs on one chart: each run's points, cut to a few hundred for
 * drawing, as one line in the run's colour (a compartment's ρ_G dashed); a hover lists
 * every run's value nearest that x. Live-change steps are vertical lines in the run's
 * colour, labelled with what changed.
 */
import { memo, useMemo } from 'react';
import { decimate } from '../state/decimate';
import { runLabel } from '../state/format';
import { CHART_HEIGHT, ChartFrame, metricTitle } from './chart-frame';
import { LineChart, type Rule, type Series } from './line-chart/LineChart';
import { METRICS, type MetricChartProps } from './metrics';

/** Points drawn per run: path cost grows with points, and a chart is a few hundred pixels wide. */
const DRAWN_POINTS = 400;


export const MetricChart = memo(function MetricChart({ title, metric, x, runs, log = false, testId, guides = [], caption }: MetricChartProps) {
  const { of, percent } = METRICS[metric];
  const series = useMemo(() => runs.map(({ run, points, part }): Series => {
    const usable = points.filter((p) => { const v = of(p); return v !== undefined && Number.isFinite(v) && (!log || v > 0); });
    return {
      key: part ? `${run.id}/${part.key}` : run.id, name: `${runLabel(run.live)}${part ? ` · ${part.label}` : ''}`, color: run.color, dashed: !!part,
      points: decimate(usable, DRAWN_POINTS).map((p) => [p[x], (percent ? 100 : 1) * of(p)!] as const),
    };
  }), [runs, of, percent, x, log]);
  const marks = useMemo(() => runs.filter((r) => !r.part).flatMap(({ run }) => run.marks.map((m): Rule => (
    { at: m[x], color: run.color, label: Object.entries(m.patch).map(([k, v]) => `${k}=${v}`).join(' ') }
  ))), [runs, x]);
  const rules = useMemo(() => guides.map((g): Rule => ({ at: g.y, color: g.color, label: g.label })), [guides]);

  return (
    <ChartFrame title={metricTitle({ title, metric })} caption={caption} testId={testId} points={series.reduce((n, s) => n + s.points.length, 0)}>
      <LineChart series={series} height={CHART_HEIGHT} yDomain={percent ? PERCENT : 'auto'} log={log} guides={rules} marks={marks}
        formatX={(v) => (x === 'epoch' ? v.toFixed(1) : String(v))} formatY={(v) => (percent ? String(v) : tick(v))}
        formatValue={(v) => (percent ? `${v.toFixed(2)}%` : v.toPrecision(4))} formatHover={(v) => `${x} ${x === 'epoch' ? v.toFixed(2) : v}`} />
    </ChartFrame>
  );
});

const PERCENT = [0, 100] as const;

/** A y tick short enough for the axis: three digits, and powers of ten below 0.001 as 1e-5. */
const tick = (v: number) => (v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(0) : Number(v.toPrecision(3)).toString());
