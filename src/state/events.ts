/**
 * Applies a batch of worker messages to the store in ONE update, so a frame's worth of
 * metrics, progress and state changes costs one render. Messages for runs the page no
 * longer has (deleted, reset) are dropped: the worker may still be finishing them.
 */
import type { FromWorker, MetricPoint } from '../train/protocol';
import type { ConfigError } from '../experiment/config';
import { fieldOf } from '../experiment/fields';
import { appendPoints, emptySeries } from './decimate';
import { runLabel } from './format';
import { isActive, type Run } from './runs-slice';
import type { Notice } from './session-slice';
import type { AppState, AppStore } from './store';

export function applyEvents(store: AppStore, events: readonly FromWorker[], now = performance.now()): void {
  if (!events.length) return;
  const st = store.getState();
  const runs = new Map(st.runs.map((r) => [r.id, r]));
  const update = (id: string, f: (r: Run) => Partial<Run>) => {
    const r = runs.get(id);
    if (r) runs.set(id, { ...r, ...f(r) });
  };
  const points: Record<string, MetricPoint[]> = {};
  const notices: Omit<Notice, 'id'>[] = [];
  const fieldErrors: ConfigError[] = [];
  const next: Partial<AppState> = {};
  let views = st.views;
  let checkpoints = st.checkpoints;
  // A run that ended needs its checkpoint no more (nor its room in storage).
  const dropCheckpoint = (id: string) => {
    if (!(id in checkpoints)) return;
    const { [id]: _ended, ...rest } = checkpoints;
    checkpoints = rest;
  };

  for (const e of events) {
    switch (e.type) {
      case 'ready': next.worker = { state: 'ready', adapterName: e.adapterName, isSoftware: e.isSoftware, limits: e.limits }; break;
      case 'noWebGPU': next.worker = { state: 'noWebGPU', message: e.message, cpuFallback: e.cpuFallback }; break;
      case 'deviceLost':
        notices.push({ kind: 'device', message: `The GPU device was lost (${e.message}). ${e.recovering ? 'Runs resume from their last checkpoint.' : 'Live runs stopped; reload the page to get a new device.'}` });
        break;
      case 'datasetLoaded':
        next.datasets = { ...(next.datasets ?? st.datasets), [e.dataset]: { trainSize: e.trainSize, testSize: e.testSize, source: e.source } };
        break;
      case 'metrics': if (runs.has(e.runId)) (points[e.runId] ??= []).push(...e.points); break;
      case 'progress': update(e.runId, () => ({ progress: { step: e.step, epoch: e.epoch, stepsPerSec: e.stepsPerSec, etaSec: e.etaSec } })); break;
      // The worker's word on running/paused wins over the optimistic status, but never revives a stopped run.
      case 'runState': update(e.runId, (r) => (isActive(r) ? { status: e.status } : {})); break;
      case 'runInfo': { const { type: _t, runId, ...info } = e; update(runId, () => ({ info })); break; }
      case 'liveApplied':
        update(e.runId, (r) => ({ marks: [...r.marks, { step: e.step, epoch: e.epoch, patch: e.patch }], live: { ...r.live, ...e.patch } }));
        break;
      case 'checkpoint': if (runs.has(e.runId) && isActive(runs.get(e.runId)!)) checkpoints = { ...checkpoints, [e.runId]: e.checkpoint }; break;
      case 'diverged':
        dropCheckpoint(e.runId);
        update(e.runId, () => ({ status: 'diverged', message: `diverged at step ${e.step}` }));
        if (runs.has(e.runId)) {
          notices.push({ kind: 'run', runId: e.runId, message: `Run “${runLabel(runs.get(e.runId)!.live)}” diverged at step ${e.step} (the loss is not finite); other runs go on.` });
        }
        break;
      case 'error':
        if (e.runId) update(e.runId, (r) => (isActive(r) ? { status: 'error', message: e.message } : { message: e.message }));
        // Only config fields get a message at their control; anything else is a notice (or the run's own message).
        if (e.field === 'dataset') notices.push({ kind: 'dataset', message: e.message });
        else if (e.field && fieldOf(e.field)) fieldErrors.push({ field: e.field, message: e.message, defaultUsed: null });
        else if (!e.runId) notices.push({ kind: 'worker', message: e.message });
        break;
      case 'finished':
        dropCheckpoint(e.runId);
        update(e.runId, (r) => ({
          status: e.reason === 'cancelled' ? 'cancelled' : 'finished', finishReason: e.reason, thetaHash: e.thetaHash,
          progress: { ...(r.progress ?? { stepsPerSec: 0 }), step: e.step, epoch: e.epoch, etaSec: 0 },
        }));
        break;
      case 'room': update(e.runId, () => ({ room: e.room })); break;
      case 'stats': { const { type: _t, ...stats } = e; next.workerStats = stats; break; }
      case 'predictions': case 'boundary': {
        if (!runs.has(e.runId)) break;
        const { type, runId, ...payload } = e;
        views = { ...views, [runId]: { ...views[runId], [type]: payload } };
        break;
      }
    }
  }

  const ids = Object.keys(points);
  if (ids.length) {
    const series = { ...st.series };
    for (const id of ids) series[id] = appendPoints(series[id] ?? emptySeries(), points[id]);
    next.series = series;
    if (st.playAt !== null && st.firstPointMs === null) next.firstPointMs = now - st.playAt;
  }
  if (notices.length) {
    let id = Math.max(0, ...st.notices.map((n) => n.id));
    next.notices = [...st.notices, ...notices.map((n) => ({ ...n, id: ++id }))];
  }
  if (fieldErrors.length) {
    const fields = new Set(fieldErrors.map((f) => f.field));
    next.configErrors = [...st.configErrors.filter((c) => !fields.has(c.field)), ...fieldErrors];
  }
  store.setState({ ...next, views, checkpoints, runs: st.runs.map((r) => runs.get(r.id)!) });
}
