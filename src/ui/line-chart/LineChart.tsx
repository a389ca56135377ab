/**
 * A line chart in plain SVG for the training curves: a few series of a few hundred points,
 * redrawn several times a second while runs train. recharts redrew each chart through its
 * own store and selectors, over 100 ms per update of the four charts with three runs on
 * SwiftShader's two cores (README, "A smooth page"); here an update is one React render of
 * a handful of paths. Horizontal guides and vertical marks are clipped to the plot, and a
 * hover lists every series' nearest point.
 */
import { useId, useMemo, useState, type PointerEvent } from 'react';
import { useWidth } from '../use-width';
import { extent, linearScale, logScale, niceDomain, type Scale } from './scale';

export interface Series {
  key: string;
  /** Its name in the hover list. */
  name: string;
  color: string;
  /** A part of a run (a compartment's ρ_G): drawn thinner and dashed. */
  dashed?: boolean;
  /** [x, y], in increasing x. */
  points: readonly (readonly [number, number])[];
}

/** A labelled line across the plot: horizontal at y = at (a guide) or vertical at x = at (a mark). */
export interface Rule { at: number; color: string; label: string }

export interface LineChartProps {
  series: Series[];
  height: number;
  /** A fixed y range (accuracy: 0 to 100), or 'auto': the data's, widened to round ticks. */
  yDomain: readonly [number, number] | 'auto';
  /** A log y axis (every y > 0). */
  log?: boolean;
  guides?: Rule[];
  marks?: Rule[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  /** A point's value and x in the hover list. */
  formatValue: (y: number) => string;
  formatHover: (x: number) => string;
}

const MARGIN = { top: 6, right: 12, bottom: 22, left: 48 };

interface Plot { x: Scale; y: Scale; left: number; right: number; top: number; bottom: number }

function plotOf(series: Series[], width: number, height: number, yDomain: LineChartProps['yDomain'], log: boolean): Plot {
  const [left, right, top, bottom] = [MARGIN.left, Math.max(MARGIN.left + 20, width - MARGIN.right), MARGIN.top, height - MARGIN.bottom];
  const xs = extent(series.flatMap((s) => s.points.map((p) => p[0]))) ?? [0, 1];
  const ys = extent(series.flatMap((s) => s.points.map((p) => p[1])));
  const x = linearScale(xs, [left, right], Math.max(2, Math.round((right - left) / 70)));
  const y = log ? logScale(ys ?? [0.1, 1], [bottom, top])
    : linearScale(yDomain === 'auto' ? niceDomain(ys ?? [0, 1], 4) : yDomain, [bottom, top], 4);
  return { x, y, left, right, top, bottom };
}

/** The point of a series nearest to x (binary search: points are in increasing x). */
function nearest(points: Series['points'], x: number): readonly [number, number] | undefined {
  let lo = 0, hi = points.length - 1;
  if (hi < 0) return undefined;
  while (hi - lo > 1) { const mid = (lo + hi) >> 1; if (points[mid][0] < x) lo = mid; else hi = mid; }
  return Math.abs(points[lo][0] - x) <= Math.abs(points[hi][0] - x) ? points[lo] : points[hi];
}

const pathOf = (points: Series['points'], { x, y }: Plot) =>
  points.map(([px, py], i) => `${i ? 'L' : 'M'}${x(px).toFixed(1)},${y(py).toFixed(1)}`).join('');

export function LineChart({ series, height, yDomain, log = false, guides = [], marks = [], formatX, formatY, formatValue, formatHover }: LineChartProps) {
  const [ref, width] = useWidth(300);
  const clip = `clip-${useId().replace(/[^\w-]/g, '')}`;
  const [hoverX, setHoverX] = useState<number | null>(null);
  const plot = useMemo(() => plotOf(series, width, height, yDomain, log), [series, width, height, yDomain, log]);
  const paths = useMemo(() => series.map((s) => pathOf(s.points, plot)), [series, plot]);
  const { x, y, left, right, top, bottom } = plot;
  const onMove = (e: PointerEvent<SVGRectElement>) => setHoverX(x.invert(e.clientX - e.currentTarget.getBoundingClientRect().left + left));
  const hovered = hoverX === null ? [] : series.flatMap((s) => { const p = nearest(s.points, hoverX); return p ? [{ s, p }] : []; });
  const at = hovered.length ? hovered.reduce((a, b) => (Math.abs(b.p[0] - hoverX!) < Math.abs(a.p[0] - hoverX!) ? b : a)).p[0] : null;

  return (
    <div ref={ref} className="line-chart" style={{ height }}>
      <svg width={width} height={height} aria-hidden="true">
        <defs><clipPath id={clip}><rect x={left} y={top} width={right - left} height={bottom - top} /></clipPath></defs>
        {y.ticks.map((t) => <line key={`gy${t}`} className="grid" x1={left} x2={right} y1={y(t)} y2={y(t)} />)}
        {x.ticks.map((t) => <line key={`gx${t}`} className="grid" x1={x(t)} x2={x(t)} y1={top} y2={bottom} />)}
        <line className="axis" x1={left} x2={right} y1={bottom} y2={bottom} />
        <line className="axis" x1={left} x2={left} y1={top} y2={bottom} />
        {x.ticks.map((t) => <text key={`tx${t}`} x={x(t)} y={bottom + 15} textAnchor="middle">{formatX(t)}</text>)}
        {y.ticks.map((t) => <text key={`ty${t}`} x={left - 5} y={y(t)} dy="0.32em" textAnchor="end">{formatY(t)}</text>)}
        <g clipPath={`url(#${clip})`}>
          {guides.map((g, i) => (
            <g key={`guide${i}`}>
              <line x1={left} x2={right} y1={y(g.at)} y2={y(g.at)} stroke={g.color} strokeDasharray="2 4" />
              <text x={right - 4} y={y(g.at) - 4} textAnchor="end" className="rule-label">{g.label}</text>
            </g>
          ))}
          {marks.map((m, i) => (
            <g key={`mark${i}`}>
              <line x1={x(m.at)} x2={x(m.at)} y1={top} y2={bottom} stroke={m.color} strokeDasharray="4 3" />
              <text x={x(m.at) + 4} y={top + 10} className="rule-label">{m.label}</text>
            </g>
          ))}
          {series.map((s, i) => (
            <path key={s.key} className="chart-line" data-series={s.key} d={paths[i]} fill="none" stroke={s.color}
              strokeWidth={s.dashed ? 1 : 1.5} strokeDasharray={s.dashed ? '5 3' : undefined} />
          ))}
          {at !== null && <line className="cursor" x1={x(at)} x2={x(at)} y1={top} y2={bottom} />}
        </g>
        <rect x={left} y={top} width={right - left} height={bottom - top} fill="transparent" onPointerMove={onMove} onPointerLeave={() => setHoverX(null)} />
      </svg>
      {at !== null && (
        <div className="chart-hover" style={x(at) > (left + right) / 2 ? { right: width - x(at) + 8 } : { left: x(at) + 8 }}>
          <div>{formatHover(at)}</div>
          {hovered.map(({ s, p }) => <div key={s.key} style={{ color: s.color }}>{s.name}: {formatValue(p[1])}</div>)}
        </div>
      )}
    </div>
  );
}
