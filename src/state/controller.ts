/**
 * What the buttons do: turns user intent (play, pause, step, reset, edit a value, run a
 * preset) into store changes and protocol messages. The transport is injected, so the
 * same logic runs against the real worker, a fake in unit tests, or nothing at all.
 *
 * Transport semantics: play/pause/step/reset act on every live run together (a preset's
 * runs play as a group); live edits and 'evaluate' go to one run, the selected one or
 * else the newest live run.
 */
import type { FileDatasetId, ToWorker } from '../train/protocol';
import { serializeConfig, type ConfigError } from '../experiment/config';
import type { ExperimentConfig } from '../experiment/fields';
import { LIVE_KEYS, livePatchFor, type LivePatch } from '../experiment/live';
import type { Preset } from './presets';
import { canContinue, resumeOf } from './resume';
import { isActive, nextColor, type Run } from './runs-slice';
import { createSweeper, type Sweeper } from './sweeper';
import type { AppStore } from './store';

export type Post = (message: ToWorker) => void;

export interface Controller {
  play(): void;
  pause(): void;
  /** Space bar: pause if anything runs, else play. */
  toggle(): void;
  step(count?: number): void;
  reset(): void;
  /** Edits the config; d, redraw, dist and lr also go live to the live-edit target run. */
  edit(patch: Partial<ExperimentConfig>): ConfigError[];
  startRuns(configs: ExperimentConfig[], presetId?: string): string[];
  runPreset(preset: Preset): string[];
  /** Puts a run's starting config back into the controls (and the URL). */
  openRun(id: string): void;
  deleteRun(id: string): void;
  /** Carries an interrupted run on from its stored checkpoint, in the worker (state/resume.ts). */
  continueRun(id: string): void;
  evaluate(): void;
  loadDataset(dataset: FileDatasetId, source: { files?: File[]; urls?: string[] }): void;
  /** The run live edits go to, if any: never the sweep's current run. */
  liveTarget(): Run | undefined;
  /** Tests only: the worker destroys its device and recovers as from any loss. */
  loseDevice(): void;
  /** Asks the worker for its buffer ledger and heap (answered into the store's workerStats). */
  requestStats(): void;
  /** The sweep of d: its runs one after another, through startRuns and deleteRun. */
  readonly sweep: Sweeper;
}

let serial = 0;
const newId = () => `run-${Date.now().toString(36)}-${++serial}`;

export function createController(store: AppStore, post: Post, makeId: () => string = newId): Controller {
  const get = store.getState;
  const active = () => get().runs.filter(isActive);
  const setStatus = (runs: Run[], status: Run['status']) =>
    runs.forEach((r) => get().patchRun(r.id, { status }));

  function newRun(config: ExperimentConfig, opts: { paused?: boolean; presetId?: string } = {}): string {
    const id = makeId();
    get().addRun({
      id, createdAt: Date.now(), presetId: opts.presetId, config, live: config, status: 'starting',
      color: nextColor(get().runs), visible: true, marks: [],
    });
    post({ type: 'start', runId: id, config, paused: opts.paused });
    return id;
  }

  const markPlay = () => store.setState({ playAt: performance.now(), firstPointMs: null });

  const c: Omit<Controller, 'sweep'> = {
    play() {
      const live = active();
      const paused = live.filter((r) => r.status === 'paused');
      if (paused.length) {
        paused.forEach((r) => post({ type: 'resume', runId: r.id }));
        setStatus(paused, 'running'); // optimistic: the worker's runState confirms
      } else if (!live.length) {
        markPlay();
        newRun(get().config);
      }
    },
    pause() {
      const running = active().filter((r) => r.status !== 'paused');
      running.forEach((r) => post({ type: 'pause', runId: r.id }));
      setStatus(running, 'paused');
    },
    toggle() {
      if (active().some((r) => r.status === 'running' || r.status === 'starting')) c.pause();
      else c.play();
    },
    step(count = 1) {
      const n = Math.max(1, Math.floor(count));
      let live = active();
      let fresh: string | null = null;
      if (!live.length) { markPlay(); fresh = newRun(get().config, { paused: true }); live = active(); }
      for (const r of live) {
        if (r.status !== 'paused' && r.id !== fresh) post({ type: 'pause', runId: r.id });
        post({ type: 'step', runId: r.id, count: n });
      }
      setStatus(live, 'paused');
    },
    reset() {
      for (const r of active()) { post({ type: 'cancel', runId: r.id }); get().removeRun(r.id); }
    },
    edit(patch) {
      const errors = get().setConfig(patch);
      const bad = new Set(errors.map((e) => e.field));
      const config = get().config;
      const live: LivePatch = {};
      for (const k of LIVE_KEYS) if (k in patch && !bad.has(k)) (live as Record<string, unknown>)[k] = config[k];
      const target = c.liveTarget();
      if (target && Object.keys(live).length) {
        const p = livePatchFor(target.config.method, live);
        if (Object.keys(p).length) post({ type: 'live', runId: target.id, patch: p });
      }
      return errors;
    },
    startRuns(configs, presetId) {
      markPlay();
      return configs.map((config) => newRun(config, { presetId }));
    },
    runPreset(preset) {
      get().applyQuery(serializeConfig(preset.runs[preset.runs.length - 1]));
      return c.startRuns(preset.runs, preset.id);
    },
    openRun(id) {
      const run = get().runs.find((r) => r.id === id);
      if (run) get().applyQuery(serializeConfig(run.config));
    },
    deleteRun(id) {
      const run = get().runs.find((r) => r.id === id);
      if (run && isActive(run)) post({ type: 'cancel', runId: id });
      get().removeRun(id);
    },
    continueRun(id) {
      const run = get().runs.find((r) => r.id === id);
      if (!run || !canContinue(get(), run)) return;
      get().patchRun(id, { status: 'starting', message: undefined });
      post({ type: 'start', runId: id, config: run.config, resume: resumeOf(get(), run) });
    },
    evaluate() {
      const target = c.liveTarget();
      if (target) post({ type: 'evaluate', runId: target.id });
    },
    loadDataset(dataset, source) {
      post({ type: 'loadDataset', dataset, ...source });
    },
    loseDevice() {
      post({ type: 'loseDevice' });
    },
    requestStats() {
      post({ type: 'stats' });
    },
    liveTarget() {
      // A sweep's run trains its config as the sweep wrote it: a live change would make it no run of that config.
      const live = active().filter((r) => r.id !== get().sweep.runId);
      return live.find((r) => r.id === get().selectedRunId) ?? live[live.length - 1];
    },
  };
  return Object.assign(c, { sweep: createSweeper(store, c) });
}
