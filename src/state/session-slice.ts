/**
 * Session slice: what belongs to this page and is neither shared nor kept: the GPU and
 * worker status, loaded data files, notices (dataset, device and worker problems), the
 * latest predictions/boundary of each run, and timings for the test API.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { DeviceLimitsInfo, FileDatasetId, FromWorker } from '../train/protocol';
import type { AppState, Middlewares } from './store';

/** The page's own WebGPU probe (main.tsx): drives the adapter-name / gpu-missing banner. */
export interface GpuProbe { state: 'probing' | 'ready' | 'missing'; adapterName?: string; message?: string }

/** The training worker: its own device, or why there is none. */
export interface WorkerStatus {
  state: 'starting' | 'ready' | 'noWebGPU' | 'failed';
  adapterName?: string;
  isSoftware?: boolean;
  limits?: DeviceLimitsInfo;
  message?: string;
  cpuFallback?: boolean;
}

export interface Notice { id: number; kind: 'dataset' | 'device' | 'worker' | 'run' | 'storage'; message: string; runId?: string }

export type Predictions = Omit<Extract<FromWorker, { type: 'predictions' }>, 'type' | 'runId'>;
export type Boundary = Omit<Extract<FromWorker, { type: 'boundary' }>, 'type' | 'runId'>;
export interface RunView { predictions?: Predictions; boundary?: Boundary }

export interface SessionSlice {
  gpu: GpuProbe;
  worker: WorkerStatus;
  datasets: Partial<Record<FileDatasetId, { trainSize: number; testSize: number; source: string }>>;
  notices: Notice[];
  views: Record<string, RunView>;
  /** performance.now() of the last play that started a run, for firstPointMs. */
  playAt: number | null;
  /** Milliseconds from that play to the first point in the store (the first plotted point). */
  firstPointMs: number | null;
  /** A panel the test API makes throw while rendering (ui/PanelBoundary.tsx), or null. */
  failPanel: string | null;
  /** The worker's last answer to `stats`, for the soak test. */
  workerStats: Omit<Extract<FromWorker, { type: 'stats' }>, 'type'> | null;
  setGpu(gpu: GpuProbe): void;
  setWorker(worker: WorkerStatus): void;
  dismissNotice(id: number): void;
}

export const createSessionSlice: StateCreator<AppState, Middlewares, [], SessionSlice> = (set, get) => ({
  gpu: { state: 'probing' },
  worker: { state: 'starting' },
  datasets: {},
  notices: [],
  views: {},
  playAt: null,
  firstPointMs: null,
  failPanel: null,
  workerStats: null,
  setGpu: (gpu) => set({ gpu }),
  setWorker: (worker) => set({ worker }),
  dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
});
