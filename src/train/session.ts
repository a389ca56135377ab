/**
 * The training side of the page: holds the device, the datasets and the runs, and
 * answers the protocol of src/train/protocol.ts. Engine code: no DOM, no React; the Web
 * Worker (worker.ts) feeds it messages and posts what it emits.
 *
 * Runs are interleaved `spf` steps at a time, so overlaid runs grow together. Each turn
 * submits its steps, then reads the metrics back once (asynchronously, which also keeps
 * the CPU from running ahead of the GPU).
 */
import { getDevice } from '../engine/device';
import type { Dataset } from '../data/dataset';
import { generateSynthetic, isSyntheticName } from '../data/synthetic';
import { loadBundledMnist, loadFiles, loadUrls } from '../data/browser';
import { parseArch, toArchitecture } from '../state/arch';
import { DATASET_META, type DatasetId } from '../state/datasets';
import type { ExperimentConfig } from '../state/config';
import { size } from '../nn/model';
import { Trainer } from './trainer';
import { CpuTrainer } from './cpu-trainer';
import type { RunConfig } from './run-config';
import type { FromWorker, LivePatch, MetricPoint, ToWorker } from './protocol';
import { decisionBoundary } from './boundary';

interface Run {
  id: string;
  config: ExperimentConfig;
  /** On the GPU, or on the CPU where the worker found no WebGPU (small models only). */
  trainer: Trainer | CpuTrainer;
  status: 'running' | 'paused';
  /** Steps still to run while paused (from `step` messages). */
  pendingSteps: number;
  pendingPatch: LivePatch | null;
  /** The last θ read back, for recovery after a lost device. */
  checkpoint: { theta: Float32Array<ArrayBuffer>; step: number } | null;
  started: number;
  startedStep: number;
  lastProgress: number;
  nextEval: number;
}

export function toRunConfig(c: ExperimentConfig, classes: number): RunConfig {
  return {
    arch: toArchitecture(parseArch(c.arch), classes), method: c.method, d: c.d, redrawEvery: c.method === 'fpd' ? 'never' : c.redraw,
    dist: c.dist, compartments: c.compartments, alloc: c.alloc, lr: c.lr, batch: c.batch, seed: c.seed, workers: c.workers,
  };
}

export class Session {
  private device: GPUDevice | null = null;
  /** No adapter: runs use the CPU engine (DESIGN.md §10). */
  private cpuOnly = false;
  private readonly datasets = new Map<string, Promise<Dataset>>();
  private readonly runs = new Map<string, Run>();
  private looping = false;

  constructor(private readonly post: (message: FromWorker) => void) {}

  async handle(m: ToWorker): Promise<void> {
    try {
      switch (m.type) {
        case 'init': return await this.init();
        case 'loadDataset': return await this.loadFileDataset(m);
        case 'start': return await this.start(m.runId, m.config, m.paused ?? false);
        case 'pause': return this.setStatus(m.runId, 'paused');
        case 'resume': return this.setStatus(m.runId, 'running');
        case 'step': { const run = this.run(m.runId); run.pendingSteps += m.count ?? 1; return this.kick(); }
        case 'cancel': return this.finish(this.run(m.runId), 'cancelled');
        case 'live': { const run = this.run(m.runId); run.pendingPatch = { ...run.pendingPatch, ...m.patch }; return this.kick(); }
        case 'evaluate': await this.evaluate(this.run(m.runId)); return;
      }
    } catch (e) {
      const runId = 'runId' in m ? m.runId : undefined;
      // A dataset error names its file in the message; the field is the dataset control.
      const field = m.type === 'loadDataset' ? 'dataset' : (e as { field?: string }).field;
      this.post({ type: 'error', runId, field, message: (e as Error).message });
    }
  }

  private async init(): Promise<void> {
    try {
      const { device, adapterName, isSoftware } = await getDevice('worker');
      this.device = device;
      this.cpuOnly = false;
      device.lost.then((info) => this.onDeviceLost(info));
      const { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } = device.limits;
      this.post({ type: 'ready', adapterName, isSoftware, limits: { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } });
    } catch (e) {
      this.cpuOnly = true;
      this.post({ type: 'noWebGPU', message: (e as Error).message, cpuFallback: true });
    }
  }

  private run(id: string): Run {
    const run = this.runs.get(id);
    if (!run) throw Object.assign(new Error(`no run '${id}'`), { field: 'runId' });
    return run;
  }

  private dataset(config: ExperimentConfig): Promise<Dataset> {
    const id: DatasetId = config.dataset;
    const key = isSyntheticName(id) ? `${id}:${config.seed}` : id;
    let ds = this.datasets.get(key);
    if (!ds) {
      if (isSyntheticName(id)) ds = Promise.resolve(generateSynthetic(id, config.seed, { classes: DATASET_META[id].classes }));
      else if (id === 'mnist') ds = loadBundledMnist();
      else throw Object.assign(new Error(`${DATASET_META[id].label}: load its files first (${DATASET_META[id].files})`), { field: 'dataset' });
      this.datasets.set(key, ds);
      ds.catch(() => this.datasets.delete(key));
    }
    return ds;
  }

  private async loadFileDataset(m: Extract<ToWorker, { type: 'loadDataset' }>): Promise<void> {
    const ds = m.files?.length ? await loadFiles(m.files, m.dataset) : await loadUrls(m.urls ?? [], m.dataset);
    const meta = DATASET_META[m.dataset];
    if (ds.classes !== meta.classes || ds.inputShape.join() !== meta.inputShape.join()) {
      throw Object.assign(new Error(`these files hold ${ds.inputShape.join('×')} images in ${ds.classes} classes, not ${meta.label}'s ${meta.inputShape.join('×')} in ${meta.classes}`), { field: 'dataset' });
    }
    this.datasets.set(m.dataset, Promise.resolve(ds)); // only replaced once it parsed: nothing is lost on a bad file
    const source = m.files?.length ? m.files.map((f) => f.name).join(', ') : (m.urls ?? []).join(', ');
    this.post({ type: 'datasetLoaded', dataset: m.dataset, trainSize: ds.train.count, testSize: ds.test.count, source });
  }

  private async start(id: string, config: ExperimentConfig, paused: boolean, checkpoint: Run['checkpoint'] = null): Promise<void> {
    if (!this.device && !this.cpuOnly) throw new Error('WebGPU is not ready');
    const dataset = await this.dataset(config);
    const old = this.runs.get(id);
    this.runs.delete(id);
    old?.trainer.destroy();
    const runConfig = toRunConfig(config, dataset.classes);
    const trainer = this.device ? await Trainer.create(this.device, dataset, runConfig) : CpuTrainer.create(dataset, runConfig);
    if (checkpoint) trainer.loadCheckpoint(checkpoint.theta, checkpoint.step); // before any step runs
    const now = performance.now();
    const run: Run = { id, config, trainer, status: paused ? 'paused' : 'running', pendingSteps: 0, pendingPatch: null, checkpoint, started: now, startedStep: trainer.step, lastProgress: 0, nextEval: trainer.step + this.evalInterval(trainer) };
    this.runs.set(id, run);
    this.postRunInfo(run);
    this.post({ type: 'runState', runId: id, status: run.status, step: trainer.step });
    this.kick();
  }

  /** Evaluate about 10 times an epoch on small sets, once an epoch on large ones. */
  private evalInterval(t: Run['trainer']): number {
    return Math.max(1, Math.min(t.stepsPerEpoch, Math.ceil(t.stepsPerEpoch / 10) * (t.dataset.test.count > 5000 ? 10 : 1)));
  }

  private postRunInfo(run: Run): void {
    const t = run.trainer, W = run.config.workers, D = t.plan.D, dims = t.trainedDims;
    this.post({
      type: 'runInfo', runId: run.id, D, sumDk: dims,
      compartments: t.compartments.map((c) => ({ k: c.index, start: c.start, end: c.end, size: c.size, dirs: c.dirs })),
      storedPBytes: dims * D * 4, usedBytes: this.usedBytes(t), bytesPerStepWorkers: W * dims * 4, allReduceBytes: W * D * 4,
      stepsPerEpoch: t.stepsPerEpoch, trainSize: t.dataset.train.count, testSize: t.dataset.test.count,
    });
  }

  /** θ, g, activations are dominated by θ/g and the dataset; an estimate for the insight panel. */
  private usedBytes(t: Run['trainer']): number {
    const F = size(t.plan.inputShape);
    return 4 * t.plan.D * (2 + (t.config.workers > 1 ? t.config.workers : 0)) + (t.dataset.train.count + t.dataset.test.count) * F + 8 * t.trainedDims * t.config.workers;
  }

  private setStatus(id: string, status: Run['status']): void {
    const run = this.run(id);
    run.status = status;
    run.started = performance.now();
    run.startedStep = run.trainer.step;
    this.post({ type: 'runState', runId: id, status, step: run.trainer.step });
    this.kick();
  }

  /** Still the run under its id: a cancelled or restarted run is a different object. */
  private live(run: Run): boolean {
    return this.runs.get(run.id) === run;
  }

  private kick(): void {
    if (!this.looping) { this.looping = true; void this.loop(); }
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const active = [...this.runs.values()].filter((r) => r.status === 'running' || r.pendingSteps > 0);
        if (!active.length) break;
        for (const run of active) if (this.live(run)) await this.turn(run);
      }
    } catch (e) {
      // The loop must never die silently: say what happened; the next message restarts it.
      this.post({ type: 'error', message: `training stopped: ${(e as Error).message}` });
    } finally {
      this.looping = false;
    }
  }

  /** Up to spf steps of one run, then one metrics point. */
  private async turn(run: Run): Promise<void> {
    const t = run.trainer;
    const steps = run.status === 'running' ? run.config.spf : Math.min(run.config.spf, run.pendingSteps);
    const target = Math.round(run.config.epochs * t.stepsPerEpoch);
    let evalDue = false;
    for (let i = 0; i < steps && t.step < target; i++) {
      if (run.pendingPatch) {
        try {
          this.applyPatch(run);
        } catch (e) {
          // A live value the engine refuses (say d < K compartments): the run goes on
          // unchanged. No runId, so the page does not mark the still-running run failed.
          const field = (e as { field?: string }).field;
          this.post({ type: 'error', field: field === 'redrawEvery' ? 'redraw' : field, message: `live change not applied: ${(e as Error).message}` });
        }
      }
      t.runStep();
      if (run.status === 'paused') run.pendingSteps--;
      if (t.step >= run.nextEval) { evalDue = true; break; }
    }
    const m = await t.readTrainMetrics();
    if (!this.live(run)) return;
    if (m.samples === 0 && t.step < target) return;
    if (!Number.isFinite(m.loss)) {
      this.post({ type: 'diverged', runId: run.id, step: t.step });
      run.trainer.destroy();
      this.runs.delete(run.id);
      return;
    }
    const point: MetricPoint = m.samples ? { step: t.step, epoch: t.epoch, loss: m.loss, trainAcc: m.accuracy } : { step: t.step, epoch: t.epoch };
    const done = t.step >= target;
    if (evalDue || done) point.testAcc = (await this.evaluate(run, false)) ?? undefined;
    if (!this.live(run)) return;
    this.post({ type: 'metrics', runId: run.id, points: [point] });
    this.progress(run, target);
    if (done) this.finish(run, 'epochs');
    else if (run.config.target !== null && point.testAcc !== undefined && 100 * point.testAcc >= run.config.target) this.finish(run, 'target');
  }

  private applyPatch(run: Run): void {
    const patch = run.pendingPatch!;
    run.pendingPatch = null;
    run.trainer.setLive({ d: patch.d, dist: patch.dist, lr: patch.lr, redrawEvery: patch.redraw });
    Object.assign(run.config, patch);
    this.post({ type: 'liveApplied', runId: run.id, step: run.trainer.step, epoch: run.trainer.epoch, patch });
    if (patch.d !== undefined) this.postRunInfo(run);
  }

  private progress(run: Run, target: number): void {
    const now = performance.now();
    if (now - run.lastProgress < 250 && run.trainer.step < target) return;
    run.lastProgress = now;
    const rate = (run.trainer.step - run.startedStep) / Math.max((now - run.started) / 1000, 1e-3);
    this.post({ type: 'progress', runId: run.id, step: run.trainer.step, epoch: run.trainer.epoch, stepsPerSec: rate, etaSec: rate > 0 ? (target - run.trainer.step) / rate : null });
  }

  /** Test accuracy now, plus predictions (images) or the decision boundary (2-D). */
  private async evaluate(run: Run, postPoint = true): Promise<number | null> {
    const t = run.trainer;
    const step = t.step; // the loop may submit more steps while this awaits
    const ev = await t.evaluate();
    run.nextEval = step + this.evalInterval(t);
    const theta = await t.readTheta();
    if (!this.live(run)) return null;
    run.checkpoint = { theta, step };
    const meta = DATASET_META[run.config.dataset];
    if (meta.kind === 'points') {
      const b = decisionBoundary(t.plan, theta, t.dataset.train);
      this.post({ type: 'boundary', runId: run.id, step: t.step, ...b });
    } else {
      const F = size(t.plan.inputShape);
      const images = t.dataset.test.images;
      const samples = Array.from({ length: Math.min(24, t.dataset.test.count) }, (_, index) => ({
        index, label: t.dataset.test.labels[index], predicted: ev.predicted[index],
        pixels: images instanceof Uint8Array ? images.slice(index * F, (index + 1) * F) : undefined,
      }));
      this.post({ type: 'predictions', runId: run.id, step: t.step, confusion: ev.confusion, samples });
    }
    // A test-only point: no training loss or accuracy.
    if (postPoint) this.post({ type: 'metrics', runId: run.id, points: [{ step, epoch: step / t.stepsPerEpoch, testAcc: ev.accuracy }] });
    return ev.accuracy;
  }

  private finish(run: Run, reason: 'epochs' | 'target' | 'cancelled'): void {
    if (!this.live(run)) return;
    run.trainer.destroy();
    this.runs.delete(run.id);
    this.post({ type: 'finished', runId: run.id, reason, step: run.trainer.step, epoch: run.trainer.epoch });
  }

  /** DESIGN.md §10: recreate the device and resume every run from its last θ checkpoint. */
  private async onDeviceLost(info: GPUDeviceLostInfo): Promise<void> {
    if (info.reason === 'destroyed') return;
    this.post({ type: 'deviceLost', message: info.message, recovering: true });
    this.device = null;
    const runs = [...this.runs.values()];
    this.runs.clear();
    await this.init();
    for (const run of runs) {
      try {
        await this.start(run.id, run.config, run.status === 'paused', run.checkpoint);
      } catch (e) {
        this.post({ type: 'error', runId: run.id, message: `could not resume after the device was lost: ${(e as Error).message}` });
      }
    }
  }
}
