/**
 * A sweep's figure: final test accuracy against d on a log axis, one line per method
 * (the mean over the seeds, with the lowest-to-highest band when there are several),
 * the sgd baseline and the threshold as horizontal lines, and each method's d_int90
 * where its curve crosses the threshold (docs/design.md §12).
 */
import { memo, useMemo } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ReferenceDot, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SweepSummary } from '../experiment/sweep';
import type { IntrinsicDim } from '../experiment/intrinsic';
import { ChartFrame, METHOD_COLORS, SWEEP_CHART_HEIGHT, sweepCaption, sweepTitle } from './chart-frame';

/** Where d_int90 sits on the figure: the interpolated d, or the grid value it is at most; none above the grid. */
const markerD = (r: IntrinsicDim | null) => (!r || r.kind === 'above' ? null : r.kind === 'found' ? r.interpolated : r.grid);

export interface SweepChartProps { summary: SweepSummary; grid: number[]; seeds: number }

export const SweepChart = memo(function SweepChart({ summary, grid, seeds }: SweepChartProps) {
  const rows = useMemo(() => {
    const byD = new Map<number, Record<string, number | [number, number]>>();
    for (const m of summary.methods) {
      for (const p of m.points) {
        const row = byD.get(p.d) ?? { d: p.d };
        row[m.method] = 100 * p.accuracy;
        row[`${m.method}Band`] = [100 * p.low, 100 * p.high];
        byD.set(p.d, row);
      }
    }
    return [...byD.values()].sort((a, b) => (a.d as number) - (b.d as number));
  }, [summary]);
  // A log axis needs room either side of the grid, and a span even with one value.
  const domain = [Math.min(...grid) / 1.3, Math.max(...grid) * 1.3];
  const threshold = summary.threshold;

  return (
    <ChartFrame title={sweepTitle} caption={sweepCaption(seeds)} testId="sweep-chart" points={rows.length}>
      <ResponsiveContainer width="100%" height={SWEEP_CHART_HEIGHT}>
        <ComposedChart data={rows} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--grid)" />
          <XAxis dataKey="d" type="number" scale="log" domain={domain} ticks={grid} allowDataOverflow tickFormatter={(v: number) => String(Math.round(v))} />
          <YAxis domain={[0, 100]} width={40} />
          <Tooltip isAnimationActive={false} labelFormatter={(v) => `d = ${v}`}
            formatter={(v) => (Array.isArray(v) ? v.map((x) => `${Number(x).toFixed(1)}%`).join(' – ') : `${Number(v).toFixed(1)}%`)} />
          {/* The sgd label sits above its line and the threshold's below its own, so the two never overlap. */}
          {seeds > 1 && summary.methods.map((m) => (
            <Area key={`${m.method}-band`} dataKey={`${m.method}Band`} name={`${m.method} band`} stroke="none" fill={METHOD_COLORS[m.method]} fillOpacity={0.15} isAnimationActive={false} />
          ))}
          {summary.methods.map((m) => (
            <Line key={m.method} dataKey={m.method} name={m.method} stroke={METHOD_COLORS[m.method]} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
          ))}
          {summary.sgd && (
            <ReferenceLine y={100 * summary.sgd.accuracy} stroke="var(--ink)" strokeDasharray="6 3" label={{ value: 'sgd', position: 'insideBottomLeft', fontSize: 11 }} />
          )}
          {threshold !== null && (
            <ReferenceLine y={100 * threshold} stroke="var(--muted)" strokeDasharray="2 3" label={{ value: 'threshold', position: 'insideTopLeft', fontSize: 11 }} />
          )}
          {threshold !== null && summary.methods.map((m) => {
            const x = markerD(m.intrinsic);
            return x === null ? null : (
              <ReferenceDot key={`${m.method}-dint`} x={x} y={100 * threshold} r={6} fill="var(--panel)" stroke={METHOD_COLORS[m.method]} strokeWidth={2}
                label={{ value: 'd_int90', position: 'bottom', fontSize: 10, fill: METHOD_COLORS[m.method] }} />
            );
          })}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
