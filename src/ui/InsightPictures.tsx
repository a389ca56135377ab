/** The pictures of a run in the insight panel: its confusion matrix and predictions for images, its decision boundary for points. */
import type { DatasetMeta } from '../experiment/datasets';
import { BoundaryCanvas } from './BoundaryCanvas';
import { ConfusionMatrix } from './ConfusionMatrix';
import { PredictionsGrid } from './PredictionsGrid';

export interface InsightPicturesProps {
  /** The run shown. */
  runId: string;
  /** What its dataset holds: images or 2-D points. */
  kind: DatasetMeta['kind'];
}

export function InsightPictures({ runId, kind }: InsightPicturesProps) {
  return kind === 'image' ? <><ConfusionMatrix runId={runId} /><PredictionsGrid runId={runId} /></> : <BoundaryCanvas runId={runId} />;
}
