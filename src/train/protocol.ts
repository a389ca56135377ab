/**
 * The messages between the page and the training Web Worker (src/train/worker.ts).
 * The page never touches the GPU; everything it knows about training arrives here.
 *
 * Conventions:
 * - The worker handles messages in the order they arrive, even when one takes time:
 *   a `pause`, `step` or `live` sent right after `start` must wait for that run to be
 *   built, not fail with "no run" (the page sends them as soon as the user asks).
 * - Every run-scoped message carries the page-chosen `runId`. The worker may hold
 *   several runs at once (a preset starts three) and interleaves them, `spf` steps
 *   per run per turn, so overlaid runs grow together. Messages for an unknown runId
 *   are answered with `error {runId}` and otherwise ignored.
 * - `step` counts optimiser steps from 0; a step is one minibatch per worker.
 *   `epoch` is fractional: step / stepsPerEpoch.
 * - Accuracies are fractions in [0, 1]; `config.target` is a percentage.
 * - Typed arrays may be sent as transferables; the page accepts number[] as well.
 * - Runs are deterministic given their config (docs/design.md §1.5): pausing, stepping or
 *   the page's frame rate must not change the numbers, and a live patch applies at the
 *   start of the next step, which `liveApplied.step` names.
 */
import type { DatasetId } from '../experiment/datasets';
import type { ExperimentConfig } from '../experiment/fields';
import type { LiveChange, LivePatch } from '../experiment/live';
import type { Diagnostics } from './diagnostics';
import type { Checkpoint } from './engine';

// The page keeps checkpoints whole and hands them back; it reads only their step and log.
export type { Checkpoint };

/** One row of the metric history. */
export interface MetricPoint {
  step: number;
  epoch: number;
  /**
   * Mean training minibatch loss since the previous point (not a single batch), so
   * curves are smooth. Never the test loss: the chart is "training loss". Absent on a
   * point that only carries an evaluation.
   */
  loss?: number;
  /** Training accuracy over the same minibatches. */
  trainAcc?: number;
  /** Test accuracy, only on points where an evaluation ran. */
  testAcc?: number;
  /**
   * What the subspace saw of the true gradient at this step (docs/design.md §11), on the
   * points where the run probed (every other evaluation; rbd and fpd only: sgd's is 1).
   */
  diagnostics?: PointDiagnostics;
}

/** The diagnostics a point carries: see src/train/diagnostics.ts for each field. */
export type PointDiagnostics = Pick<Diagnostics, 'rhoG' | 'rhoGByCompartment' | 'rho' | 'stepLength' | 'gradLength'>;

/** One compartment of a run's subspace plan (docs/design.md §2): θ[start, end), with `dirs` = d_k directions. */
export interface CompartmentInfo {
  k: number;
  /** What it covers, e.g. 'layer 2 (dense)' or 'layer 2 bias' or 'chunk 3'. */
  label?: string;
  start: number;
  end: number;
  /** D_k = end − start. */
  size: number;
  /** d_k. */
  dirs: number;
}

/** The few device limits the insight panel shows. */
export interface DeviceLimitsInfo {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxComputeWorkgroupsPerDimension: number;
}

export type FileDatasetId = Extract<DatasetId, 'fashion-mnist' | 'cifar10'>;

/**
 * Where a run picks up in a new worker (one restarted after the old one died, or a
 * reopened page's): its last checkpoint (null: from step 0), its whole log of live
 * changes (those after the checkpoint replay at their steps), and the last step whose
 * point the page has, so replayed points up to it are not sent again (docs/design.md §14).
 */
export interface Resume {
  checkpoint: Checkpoint | null;
  log: LiveChange[];
  posted: number;
}

/**
 * A room run's meter (docs/design.md §13; src/train/room-run.ts): who trains, what
 * crosses, and whether θ agrees. Bytes are this member's own, as its transport counted
 * them; the all-reduce figure is what one worker would send instead (D floats a step).
 */
export interface RoomReport {
  name: string;
  /** 'tabs' (BroadcastChannel and Web Locks) or the NATS WebSocket URL. */
  via: string;
  /** This member's permanent id (null until the log gives one). */
  member: number | null;
  /** The members of the step now, ascending id. */
  members: number[];
  step: number;
  sentBytes: number;
  receivedBytes: number;
  sentPerStep: number;
  receivedPerStep: number;
  allReducePerStep: number;
  stepsPerSec: number;
  computeMsPerStep: number;
  waitMsPerStep: number;
  /** Basis entries this member regenerates a step: W·Σd_k·D, growing with W. */
  regeneratedPerStep: number;
  /** The update sums W members' steps: the step is W times one member's (§2). */
  stepScale: number;
  /** The latest comparison of θ hashes. */
  lastHash: { step: number; agree: boolean; members: number } | null;
  /** The first step after which the hashes parted, kept once seen. */
  parted: { step: number; hashes: [number, string][]; reference: number; resync: number[] } | null;
  /** Joins and leaves as lines, newest last (a few). */
  events: string[];
}

// ---------------------------------------------------------------- page → worker

export type ToWorker =
  /** Sent once after the worker starts: asks for `ready` or `noWebGPU`. */
  | { type: 'init' }
  /**
   * Load Fashion-MNIST (IDX, optionally .gz) or CIFAR-10 (binary batches) from files the
   * user picked or dropped, or from URLs (one per file, or a folder URL ending in '/',
   * to which the worker appends the standard file names). Answered by `datasetLoaded`,
   * or `error {field: 'dataset', message: "file X: problem"}` with nothing else changed.
   */
  | { type: 'loadDataset'; dataset: FileDatasetId; files?: File[]; urls?: string[] }
  /**
   * Create and start a run. The config is already validated (state/config.ts). Answered
   * by `runInfo`, then `runState`, `progress` and `metrics` as it trains. With
   * `paused: true` the run is built and waits for `step` or `resume`. With `resume` it
   * continues from there instead of step 0, as bit for bit as after a lost device.
   */
  | { type: 'start'; runId: string; config: ExperimentConfig; paused?: boolean; resume?: Resume }
  | { type: 'pause'; runId: string }
  | { type: 'resume'; runId: string }
  /** Runs `count` (default 1) steps of a paused run, then stays paused; sends a metrics point per turn (≤ spf steps). */
  | { type: 'step'; runId: string; count?: number }
  /** Stops a run and frees its GPU memory; answered by `finished {reason: 'cancelled'}`. */
  | { type: 'cancel'; runId: string }
  /** Changes d, redraw, dist or lr from the next step on; answered by `liveApplied`. */
  | { type: 'live'; runId: string; patch: LivePatch }
  /** Evaluate now on the test set: answered by `metrics` (a point with testAcc), `predictions` or `boundary`. */
  | { type: 'evaluate'; runId: string }
  /** Tests only: destroys the worker's device, which the worker then treats as any loss (docs/design.md §10). */
  | { type: 'loseDevice' }
  /** Answered by `pong` at once, ahead of any queued message: the page's check that the worker still answers. */
  | { type: 'ping' }
  /** Asks for `stats`: the worker's live GPU buffers (the buffer ledger) and, after a forced GC where allowed, its JS heap. */
  | { type: 'stats' };

// ---------------------------------------------------------------- worker → page

export type RunStatus = 'running' | 'paused';
export type FinishReason = 'epochs' | 'target' | 'cancelled';

export type FromWorker =
  /** The worker has a device. `limits` is a subset of device.limits. */
  | { type: 'ready'; adapterName: string; isSoftware: boolean; limits: DeviceLimitsInfo }
  /** No WebGPU in the worker; `cpuFallback` says whether small models run on the CPU reference. */
  | { type: 'noWebGPU'; message: string; cpuFallback: boolean }
  /** The device was lost; with `recovering`, runs resume from their last θ checkpoint (docs/design.md §10). */
  | { type: 'deviceLost'; message: string; recovering: boolean }
  | { type: 'datasetLoaded'; dataset: FileDatasetId; trainSize: number; testSize: number; source: string }
  /** New history rows, in step order; send them batched (e.g. every spf steps), never one message per step. */
  | { type: 'metrics'; runId: string; points: MetricPoint[] }
  /** Sent at most a few times a second. `etaSec` is null until a rate is known. */
  | { type: 'progress'; runId: string; step: number; epoch: number; stepsPerSec: number; etaSec: number | null }
  /** Acknowledges start/pause/resume/step: what the run is doing now. */
  | { type: 'runState'; runId: string; status: RunStatus; step: number }
  /** The run's plan, sent once after `start` and again after a live change of d. */
  | {
      type: 'runInfo'; runId: string;
      /** D, the number of trainable parameters. */
      D: number;
      /** Σd_k, the number of trained dimensions (d for sgd: equals D). */
      sumDk: number;
      compartments: CompartmentInfo[];
      /** Bytes a materialised P would need (Σd_k·D·4; 0 for sgd, which has no basis). */
      storedPBytes: number;
      /** GPU memory the run holds now: the sum of its live buffers (0 on the CPU engine). */
      usedBytes: number;
      /** Bytes exchanged per step with shared-seed workers: W·Σd_k·4. */
      bytesPerStepWorkers: number;
      /** Bytes a gradient all-reduce would exchange per step: W·D·4. */
      allReduceBytes: number;
      stepsPerEpoch: number;
      trainSize: number;
      testSize: number;
    }
  /** A live patch took effect at the start of `step`. */
  | { type: 'liveApplied'; runId: string; step: number; epoch: number; patch: LivePatch }
  /** A non-finite loss: the run stopped with "diverged at step N" (docs/design.md §10); other runs go on. */
  | { type: 'diverged'; runId: string; step: number }
  /** Anything that went wrong. `field` names a config field or 'dataset' when the problem is there. */
  | { type: 'error'; runId?: string; field?: string; message: string }
  /** `thetaHash`: FNV-1a over θ's bits at the end, so runs can be compared bit for bit (absent for a cancelled run). */
  | { type: 'finished'; runId: string; reason: FinishReason; step: number; epoch: number; thetaHash?: string }
  /**
   * A run's latest checkpoint, for the page to keep (and store) so that a restarted worker
   * or a reopened page can resume it: its first at once, then at most one every
   * CHECKPOINT_MS (src/train/hosted-run.ts). Its arrays are the page's (transferred).
   * Never ahead of the run's points on the page.
   */
  | { type: 'checkpoint'; runId: string; checkpoint: Checkpoint }
  /** The answer to `ping`. */
  | { type: 'pong' }
  /** A room run's meter, a few times a second and at each join, leave or hash comparison. */
  | { type: 'room'; runId: string; room: RoomReport }
  /** The answer to `stats`; `heapBytes` is null where the browser does not say (performance.memory is Chromium's). */
  | { type: 'stats'; buffers: number; bytes: number; heapBytes: number | null }
  /** Image datasets, after each evaluation: confusion[true][predicted] counts and a few test samples. */
  | {
      type: 'predictions'; runId: string; step: number;
      confusion: number[][];
      /** pixels: h·w·c bytes 0…255 (channels last), shape from the dataset meta. */
      samples: { index: number; label: number; predicted: number; pixels?: Uint8Array | number[] }[];
    }
  /**
   * 2-D datasets, after each evaluation: class probabilities on a w×h grid over `extent`
   * ([xmin, xmax, ymin, ymax]); grid[(row·w + col)·classes + k], row 0 at ymax. `points`
   * optionally carries training points to draw, flat [x, y, label, …].
   */
  | {
      type: 'boundary'; runId: string; step: number;
      grid: Float32Array | number[]; w: number; h: number; classes: number;
      extent: [number, number, number, number];
      points?: Float32Array | number[];
    };

export type FromWorkerType = FromWorker['type'];
