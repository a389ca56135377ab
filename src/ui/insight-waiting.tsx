/**
 * What the insight pictures say before they can show anything: the line each shows
 * until a run's first evaluation, and the same lines as their placeholder while their
 * code loads (src/ui/lazy-panels.tsx), so the panel keeps its size when they land.
 */
import type { DatasetMeta } from '../experiment/datasets';

export interface InsightPicturesProps {
  /** The run shown. */
  runId: string;
  /** What its dataset holds: images or 2-D points. */
  kind: DatasetMeta['kind'];
}

export const BEFORE_EVALUATION = {
  confusion: 'The confusion matrix appears after the first evaluation.',
  boundary: 'The decision boundary appears after the first evaluation.',
} as const;

export function InsightPicturesWaiting({ kind }: InsightPicturesProps) {
  return <p className="meta" aria-busy="true" data-testid="waiting-insight-pictures">{BEFORE_EVALUATION[kind === 'image' ? 'confusion' : 'boundary']}</p>;
}
