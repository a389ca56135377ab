/**
 * The typed test API on `window.__playground`. End-to-end tests assert through it,
 * never through chart pixels. main.tsx installs the probe part (adapter, self-test)
 * and the state part (store snapshot, transport, timings).
 */
import type { SelfTestResult } from '../engine/selftest';
import { parseConfig, type ConfigError } from '../experiment/config';
import type { ExperimentConfig } from '../experiment/fields';
import type { Controller } from '../state/controller';
import { PRESETS, presetById, type Preset } from '../state/presets';
import type { Run } from '../state/runs-slice';
import type { Notice, WorkerStatus } from '../state/session-slice';
import type { AppStore } from '../state/store';
import { sweepView, type SweepView } from '../state/sweep-view';
import type { MetricPoint } from '../train/protocol';
import type { LivePatch } from '../experiment/live';

/** A run as the tests see it: its record plus its (decimated) history and the step of the checkpoint the page holds (null: none). */
export type RunSnapshot = Run & { metrics: MetricPoint[]; checkpointStep: number | null };

export interface PlaygroundSnapshot {
  config: ExperimentConfig;
  configErrors: ConfigError[];
  runs: RunSnapshot[];
  worker: WorkerStatus;
  notices: Notice[];
  /** location.search as the page wrote it back. */
  search: string;
}

export interface PlaygroundTestApi {
  /** The adapter's name, or null when WebGPU is missing. */
  adapterName: string | null;
  /** Why WebGPU is missing, when it is. */
  error?: string;
  /** Runs the WGSL Philox on the Random123 known answers. */
  philoxSelfTest?: () => Promise<SelfTestResult>;
  getState: () => PlaygroundSnapshot;
  /** Applies a query string as if it were the URL; returns the per-field problems. */
  setConfig: (query: string) => ConfigError[];
  play: () => void;
  pause: () => void;
  step: (n?: number) => void;
  reset: () => void;
  /** Edits d/redraw/dist/lr: the config, and the live-edit target run at its next step. */
  liveUpdate: (patch: LivePatch) => ConfigError[];
  /** The presets: id, title, the configs of their runs, and the claim each checks (if any). */
  presets: () => Pick<Preset, 'id' | 'title' | 'runs' | 'claim'>[];
  /** Starts a preset's runs as its Run button does; returns their run ids. Throws on an unknown id. */
  runPreset: (id: string) => string[];
  /** Destroys the worker's GPU device (device.destroy() in the worker); it must recover every run from its checkpoint. */
  loseDevice: () => void;
  /** Terminates the training worker from the page; the page must replace it and carry every live run on from its checkpoint. */
  killWorker: () => void;
  /** The worker's live GPU buffers and bytes (the ledger) and its JS heap after a GC; the page's own heap after a GC (null where not exposed). */
  memory: () => Promise<{ worker: { buffers: number; bytes: number; heapBytes: number | null }; pageHeapBytes: number | null }>;
  /** Makes a panel ('Insight', 'Charts', …) throw while rendering, or none (null): its error boundary must hold. */
  failPanel: (name: string | null) => void;
  /** Starts one run per link query, together (as a preset does); returns their ids. Throws on a query with problems. */
  startRuns: (queries: string[]) => string[];
  /** The sweep as its panel shows it: status, runs done of the total, the run now, the estimate, d_int90 per method. */
  sweep: () => SweepView;
  /** The longest main-thread task since load, in ms (PerformanceObserver 'longtask'); 0 if none. */
  readonly longestTaskMs: number;
  /** The longest main-thread task since the last play, in ms: the figure for "while training"; null before any play. */
  readonly longestTaskSincePlayMs: number | null;
  /** ms from the play that started a run to its first point in the store, or null. */
  readonly firstPointMs: number | null;
}

declare global {
  interface Window {
    __playground?: PlaygroundTestApi;
  }
}

/** Merges into window.__playground, keeping getters as getters (a spread would freeze their values). */
export function installTestApi(api: Partial<PlaygroundTestApi>): void {
  const target = (window.__playground ?? {}) as PlaygroundTestApi;
  Object.defineProperties(target, Object.getOwnPropertyDescriptors(api));
  window.__playground = target;
}

/** A long task: when it started (performance.now() time) and how long it took, in ms. */
export interface Task { start: number; duration: number }

/**
 * Keeps, of tasks added in start order, only those that can still be the longest since some
 * time: each longer than every later one. A long session so holds a handful, not every task.
 */
export function keepLongest(kept: Task[], task: Task): void {
  while (kept.length && kept[kept.length - 1].duration <= task.duration) kept.pop();
  kept.push(task);
}

/** The longest of the tasks kept by keepLongest that started at or after `since`: the first such one. */
export const longestSince = (kept: readonly Task[], since: number): number => kept.find((t) => t.start >= since)?.duration ?? 0;

/** Starts watching long tasks; call first thing on load so load-time tasks count too. */
export function observeLongTasks(): (since?: number) => number {
  const kept: Task[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) keepLongest(kept, { start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* 'longtask' is Chromium-only; elsewhere report 0 */ }
  return (since = 0) => longestSince(kept, since);
}

export function installStateTestApi(store: AppStore, controller: Controller, longestTask: (since?: number) => number): void {
  installTestApi({
    getState: () => {
      const s = store.getState();
      return {
        config: s.config, configErrors: s.configErrors, worker: s.worker, notices: s.notices, search: location.search,
        runs: s.runs.map((r) => ({ ...r, metrics: s.series[r.id]?.points ?? [], checkpointStep: s.checkpoints[r.id]?.step ?? null })),
      };
    },
    setConfig: (query) => store.getState().applyQuery(query),
    play: () => controller.play(),
    pause: () => controller.pause(),
    step: (n = 1) => controller.step(n),
    reset: () => controller.reset(),
    liveUpdate: (patch) => controller.edit(patch),
    presets: () => PRESETS.map(({ id, title, runs, claim }) => ({ id, title, runs, claim })),
    failPanel: (name) => store.setState({ failPanel: name }),
    loseDevice: () => controller.loseDevice(),
    memory: async () => {
      const before = store.getState().workerStats;
      controller.requestStats();
      while (store.getState().workerStats === before) await new Promise((r) => setTimeout(r, 20));
      const g = globalThis as { gc?: () => void; performance: { memory?: { usedJSHeapSize: number } } };
      g.gc?.();
      return { worker: store.getState().workerStats!, pageHeapBytes: g.performance.memory?.usedJSHeapSize ?? null };
    },
    startRuns: (queries) => controller.startRuns(queries.map((q) => {
      const { config, errors } = parseConfig(q);
      if (errors.length) throw new Error(`${q}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`);
      return config;
    })),
    sweep: () => sweepView(store.getState(), performance.now()),
    runPreset: (id) => {
      const preset = presetById(id);
      if (!preset) throw new Error(`no preset '${id}': there are ${PRESETS.map((p) => p.id).join(', ')}`);
      return controller.runPreset(preset);
    },
    get longestTaskMs() { return longestTask(); },
    get longestTaskSincePlayMs() { const at = store.getState().playAt; return at === null || at === undefined ? null : longestTask(at); },
    get firstPointMs() { return store.getState().firstPointMs; },
  });
}
