/**
 * What a chart shows before its drawing code arrives (src/ui/lazy-panels.tsx): its frame, its
 * caption and its height, shared by each chart and its placeholder so the two take the
 * same room and nothing on the page moves when the drawing lands.
 */
import type { ReactNode } from 'react';
import { METRICS, type MetricChartProps } from './metrics';

/** Height in pixels of a training-curve chart's plot. */
export const CHART_HEIGHT = 200;
/** Height in pixels of the sweep figure's plot. */
export const SWEEP_CHART_HEIGHT = 240;

/** Okabe–Ito colours, as the run list uses: rbd blue, fpd vermillion. */
export const METHOD_COLORS = { rbd: '#0072b2', fpd: '#d55e00' } as const;

interface FrameProps { title: string; caption?: string; testId: string; points?: number; children: ReactNode }

export function ChartFrame({ title, caption, testId, points, children }: FrameProps) {
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption>{title}{caption && <span className="meta"> {caption}</span>}</figcaption>
      {children}
    </figure>
  );
}

/** A metric chart's title, with its unit. */
export const metricTitle = ({ title, metric }: Pick<MetricChartProps, 'title' | 'metric'>) => `${title}${METRICS[metric].percent ? ' (%)' : ''}`;

/** The sweep figure's title and caption for a number of seeds. */
export const sweepTitle = 'Final test accuracy (%) against d';
export const sweepCaption = (seeds: number) => `(log axis${seeds > 1 ? `; mean of ${seeds} seeds, band: lowest to highest` : ''})`;

/** An empty plot of a chart's size; its test id is the chart's with `waiting-` before it. */
const Waiting = ({ height }: { height: number }) => <div className="waiting" style={{ height }} aria-busy="true" />;

export function MetricChartWaiting(props: MetricChartProps) {
  return <ChartFrame title={metricTitle(props)} caption={props.caption} testId={`waiting-${props.testId}`}><Waiting height={CHART_HEIGHT} /></ChartFrame>;
}

export function SweepChartWaiting({ seeds }: { seeds: number }) {
  return <ChartFrame title={sweepTitle} caption={sweepCaption(seeds)} testId="waiting-sweep-chart"><Waiting height={SWEEP_CHART_HEIGHT} /></ChartFrame>;
}
