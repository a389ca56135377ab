/**
 * Runs slice: every run the page knows about, live or finished, in creation order.
 * A run keeps the config it started with and, separately, the config with live
 * changes applied; the marks say at which step each change landed.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { ExperimentConfig } from '../experiment/fields';
import type { Checkpoint, FinishReason, FromWorker, RoomReport } from '../train/protocol';
import type { LivePatch } from '../experiment/live';
import type { AppState, Middlewares } from './store';

export type RunStatus = 'starting' | 'running' | 'paused' | 'finished' | 'diverged' | 'cancelled' | 'error' | 'interrupted';
/** States in which the worker still holds the run. */
export const ACTIVE: readonly RunStatus[] = ['starting', 'running', 'paused'];
export const isActive = (r: Run) => ACTIVE.includes(r.status);

export type RunInfo = Omit<Extract<FromWorker, { type: 'runInfo' }>, 'type' | 'runId'>;
export interface RunProgress { step: number; epoch: number; stepsPerSec: number; etaSec: number | null }
export interface LiveMark { step: number; epoch: number; patch: LivePatch }

export interface Run {
  id: string;
  createdAt: number;
  /** The preset that started it, so the runs list can say where it came from. */
  presetId?: string;
  /** The config it started with: re-opening the run restores exactly this. */
  config: ExperimentConfig;
  /** The config with live patches applied: what the legend shows. */
  live: ExperimentConfig;
  status: RunStatus;
  finishReason?: FinishReason;
  /** The final θ's fingerprint (src/train/hash.ts), to compare runs bit for bit. */
  thetaHash?: string;
  /** Why it stopped, for 'diverged' and 'error', e.g. "diverged at step 812". */
  message?: string;
  color: string;
  visible: boolean;
  marks: LiveMark[];
  progress?: RunProgress;
  info?: RunInfo;
  /** A room run's meter (its config names a room). */
  room?: RoomReport;
}

/**
 * Whether the page stores a run. A room run is every member's, so only the tab of its
 * lowest member at the end keeps it, and none while it trains: a reload must not
 * duplicate it, nor offer to continue alone what the room trains together.
 */
export const storesRun = (r: Run): boolean =>
  !r.config.room || (!isActive(r) && r.room != null && r.room.member !== null && r.room.member === r.room.members[0]);

export interface RunsSlice {
  runs: Run[];
  /** The run that live edits and 'evaluate' go to; null means the newest active run. */
  selectedRunId: string | null;
  /**
   * Each unfinished run's latest checkpoint from the worker (kept in IndexedDB too), from
   * which a restarted worker or a reopened page continues it (state/resume.ts).
   */
  checkpoints: Record<string, Checkpoint>;
  addRun(run: Run): void;
  patchRun(id: string, patch: Partial<Run>): void;
  removeRun(id: string): void;
  toggleRun(id: string): void;
  selectRun(id: string | null): void;
}

// Okabe–Ito-like colours: distinguishable with the common colour-vision deficiencies.
export const RUN_COLORS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#000000', '#8c564b', '#7f7f7f', '#bcbd22'];

/** The first colour no current run uses, so overlaid runs never share one while there are colours left. */
export function nextColor(runs: readonly Run[]): string {
  const used = new Set(runs.map((r) => r.color));
  return RUN_COLORS.find((c) => !used.has(c)) ?? RUN_COLORS[runs.length % RUN_COLORS.length];
}

export const createRunsSlice: StateCreator<AppState, Middlewares, [], RunsSlice> = (set, get) => ({
  runs: [],
  selectedRunId: null,
  checkpoints: {},
  addRun: (run) => set({ runs: [...get().runs, run] }),
  patchRun: (id, patch) => set({ runs: get().runs.map((r) => (r.id === id ? { ...r, ...patch } : r)) }),
  removeRun(id) {
    const { [id]: _dropped, ...series } = get().series;
    const { [id]: _view, ...views } = get().views;
    const { [id]: _checkpoint, ...checkpoints } = get().checkpoints;
    set({
      runs: get().runs.filter((r) => r.id !== id), series, views, checkpoints,
      selectedRunId: get().selectedRunId === id ? null : get().selectedRunId,
    });
  },
  toggleRun: (id) => set({ runs: get().runs.map((r) => (r.id === id ? { ...r, visible: !r.visible } : r)) }),
  selectRun: (id) => set({ selectedRunId: id }),
});
