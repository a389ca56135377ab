/** A run as a file: CSV for spreadsheets, JSON with everything needed to reproduce and re-plot it. */
import type { MetricPoint } from '../train/protocol';
import { serializeConfig } from '../experiment/config';
import type { Run } from './runs-slice';

export function runToCsv(points: readonly MetricPoint[]): string {
  const rows = points.map((p) => [p.step, p.epoch, p.loss ?? '', p.trainAcc ?? '', p.testAcc ?? ''].join(','));
  return ['step,epoch,loss,trainAcc,testAcc', ...rows].join('\n') + '\n';
}

export function runToJson(run: Run, points: readonly MetricPoint[]): string {
  return JSON.stringify({
    id: run.id,
    createdAt: new Date(run.createdAt).toISOString(),
    status: run.status,
    message: run.message,
    /** The link that reproduces the run from the start (live changes are in `marks`). */
    query: serializeConfig(run.config),
    config: run.config,
    marks: run.marks,
    info: run.info,
    points,
  }, null, 1);
}
