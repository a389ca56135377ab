/**
 * The panels whose code loads after the controls have painted (README, "A light first
 * load"): the training-curve charts, the sweep figure (with recharts, the largest), the
 * insight pictures, and the method picture. Each stands as a placeholder of its own size
 * until its chunk arrives.
 */
import { MetricChartWaiting, SweepChartWaiting } from './chart-frame';
import { InsightPicturesWaiting } from './insight-waiting';
import { lazyPanel } from './lazy-panel';
import { MethodPictureWaiting } from './method-picture/frame';

export const MetricChart = lazyPanel(() => import('./MetricChart').then((m) => m.MetricChart), MetricChartWaiting);
export const SweepChart = lazyPanel(() => import('./SweepChart').then((m) => m.SweepChart), SweepChartWaiting);
export const InsightPictures = lazyPanel(() => import('./InsightPictures').then((m) => m.InsightPictures), InsightPicturesWaiting);
export const MethodPicture = lazyPanel(() => import('./MethodPicture').then((m) => m.MethodPicture), MethodPictureWaiting);
