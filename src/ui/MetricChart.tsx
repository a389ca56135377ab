/**
 * One metric for several runs on one chart. Runs are merged into rows keyed by x, one
 * column per run, so the hover tooltip lists every run's value at that x; gaps (a run
 * without a point there) are bridged with connectNulls. Live-change steps are vertical
 * reference lines in the run's colour.
 */
import { memo, useMemo } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../train/protocol';
import { decimate } from '../state/decimate';
import type { Run } from '../state/runs-slice';
import { runLabel } from '../state/format';
import { CHART_HEIGHT, ChartFrame, metricTitle } from './chart-frame';
import { METRICS, type MetricKey } from './metrics';

export type XKey = 'step' | 'epoch';
export interface ChartRun {
  run: Run;
  points: MetricPoint[];
  /** A series of a run's part (a compartment's ρ_G): its key, its name's suffix, drawn dashed in the run's colour. */
  part?: { key: string; label: string };
}

/** A horizontal guide, e.g. the √(Σd_k/D) a random basis sees of the gradient. */
export interface Guide { y: number; color: string; label: string }

/** Points drawn per run: SVG cost grows with points, and a chart is a few hundred pixels wide. */
const DRAWN_POINTS = 400;

export interface MetricChartProps { title: string; metric: MetricKey; x: XKey; runs: ChartRun[]; log?: boolean; testId: string; guides?: Guide[]; caption?: string }

export const MetricChart = memo(function MetricChart({ title, metric, x, runs, log = false, testId, guides = [], caption }: MetricChartProps) {
  const { of, percent: accuracy } = METRICS[metric];
  const rows = useMemo(() => {
    const byX = new Map<number, Record<string, number>>();
    for (const { run, points, part } of runs) {
      const usable = points.filter((p) => { const v = of(p); return v !== undefined && Number.isFinite(v) && (!log || v > 0); });
      for (const p of decimate(usable, DRAWN_POINTS)) {
        const key = p[x];
        const row = byX.get(key) ?? { x: key };
        row[part ? `${run.id}/${part.key}` : run.id] = (accuracy ? 100 : 1) * of(p)!;
        byX.set(key, row);
      }
    }
    return [...byX.values()].sort((a, b) => a.x - b.x);
  }, [runs, of, accuracy, x, log]);

  return (
    <ChartFrame title={metricTitle({ title, metric })} caption={caption} testId={testId} points={rows.length}>
      <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
        <LineChart data={rows} margin={{ top: 4, right: 12, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="x" type="number" domain={['dataMin', 'dataMax']} tickFormatter={(v: number) => (x === 'epoch' ? v.toFixed(1) : String(v))} />
          <YAxis scale={log ? 'log' : 'auto'} domain={accuracy ? [0, 100] : ['auto', 'auto']} allowDataOverflow={log} width={48}
            tickFormatter={(v: number) => (accuracy ? String(v) : Number(v.toPrecision(3)).toString())} />
          <Tooltip isAnimationActive={false} labelFormatter={(v) => `${x} ${typeof v === 'number' && x === 'epoch' ? v.toFixed(2) : v}`}
            formatter={(v) => (typeof v === 'number' ? (accuracy ? `${v.toFixed(2)}%` : v.toPrecision(4)) : String(v))} />
          {runs.map(({ run, part }) => (
            <Line key={part ? `${run.id}/${part.key}` : run.id} dataKey={part ? `${run.id}/${part.key}` : run.id}
              name={`${runLabel(run.live)}${part ? ` · ${part.label}` : ''}`} stroke={run.color} dot={false} strokeWidth={part ? 1 : 1.5}
              strokeDasharray={part ? '5 3' : undefined} connectNulls isAnimationActive={false} />
          ))}
          {guides.map((g, i) => (
            <ReferenceLine key={`guide-${i}`} y={g.y} stroke={g.color} strokeDasharray="2 4" label={{ value: g.label, position: 'insideBottomRight', fontSize: 10 }} />
          ))}
          {runs.filter((r) => !r.part).flatMap(({ run }) => run.marks.map((m, i) => (
            <ReferenceLine key={`${run.id}-${i}`} x={m[x]} stroke={run.color} strokeDasharray="4 3"
              label={{ value: Object.entries(m.patch).map(([k, v]) => `${k}=${v}`).join(' '), position: 'insideTopLeft', fontSize: 10 }} />
          )))}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
