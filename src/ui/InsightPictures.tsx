/** The pictures of a run in the insight panel: its confusion matrix and predictions for images, its decision boundary for points. */
import { BoundaryCanvas } from './BoundaryCanvas';
import { ConfusionMatrix } from './ConfusionMatrix';
import type { InsightPicturesProps } from './insight-waiting';
import { PredictionsGrid } from './PredictionsGrid';


export function InsightPictures({ runId, kind }: InsightPicturesProps) {
  return kind === 'image' ? <><ConfusionMatrix runId={runId} /><PredictionsGrid runId={runId} /></> : <BoundaryCanvas runId={runId} />;
}
