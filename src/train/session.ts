/**
 * The worker's host: answers the protocol of src/train/protocol.ts by handing each
 * message to the part whose job it is: the device keeper (device life and loss), the
 * datasets, the scheduler (turns, steps, live changes) and the report (what the page
 * is told). Engine code: no DOM, no React; worker.ts feeds it messages and posts what it
 * emits.
 */
import type { DeviceInfo } from '../engine/device';
import type { ExperimentConfig } from '../experiment/fields';
import { toRunConfig } from '../experiment/run';
import { DeviceKeeper } from './device-keeper';
import { WorkerDatasets } from './datasets';
import type { RunEngine } from './engine';
import { evalInterval, nextMultiple, type HostedRun } from './hosted-run';
import type { FinishReason, FromWorker, Resume, ToWorker } from './protocol';
import { evaluationView, Pace, runInfo } from './report';
import { Scheduler } from './scheduler';
import { thetaHash } from './hash';
import { roomProblem } from '../experiment/room';
import { ROOM_SLOTS, RoomRun, type RoomLink } from './room-run';
import { tabsRoom } from './room/tabs';

export class Session {
  private readonly datasets = new WorkerDatasets();
  private readonly runs = new Map<string, HostedRun>();
  /** Room runs: the room's log paces them, not the scheduler (room-run.ts). */
  private readonly rooms = new Map<string, RoomRun>();
  private readonly keeper: DeviceKeeper;
  private readonly scheduler: Scheduler;

  /** `post` may be given buffers to transfer; `acquire` gets the device (by default the worker's own; tests pass theirs). */
  constructor(private readonly post: (message: FromWorker, transfer?: Transferable[]) => void, acquire?: () => Promise<DeviceInfo>) {
    this.keeper = new DeviceKeeper(post, () => this.suspend(), () => this.recover(), acquire);
    this.scheduler = new Scheduler(() => [...this.runs.values()], {
      post, isLive: (run) => this.isLive(run), evaluate: (run) => this.evaluate(run, false),
      finish: (run, reason) => this.finish(run, reason), drop: (run) => this.drop(run), deviceLost: () => this.keeper.lostSoon(),
    });
  }

  async handle(m: ToWorker): Promise<void> {
    try {
      switch (m.type) {
        case 'init': return await this.keeper.init();
        case 'loadDataset': return await this.loadDataset(m);
        case 'start': return await (m.config.room ? this.startRoom(m.runId, m.config) : this.start(m.runId, m.config, m.paused ?? false, m.resume));
        case 'pause': case 'resume': case 'step':
          // A room paces all its members together: a notice, and its run goes on.
          if (this.rooms.has(m.runId)) return this.post({ type: 'error', message: `room '${this.rooms.get(m.runId)!.name}' paces all its members together: its run cannot be paused or stepped alone` });
          if (m.type === 'step') { this.run(m.runId).pendingSteps += m.count ?? 1; return this.scheduler.kick(); }
          return this.setStatus(m.runId, m.type === 'pause' ? 'paused' : 'running');
        case 'cancel': return this.rooms.has(m.runId) ? this.rooms.get(m.runId)!.leave() : this.finish(this.run(m.runId), 'cancelled');
        case 'live': {
          if (this.rooms.has(m.runId)) return this.rooms.get(m.runId)!.propose(m.patch);
          const run = this.run(m.runId); run.pendingPatch = { ...run.pendingPatch, ...m.patch }; return this.scheduler.kick();
        }
        case 'evaluate': await this.evaluate(this.run(m.runId)); return;
        case 'loseDevice': return this.keeper.destroyDevice();
        case 'ping': return this.post({ type: 'pong' });
        case 'stats': return this.post({ type: 'stats', ...this.keeper.ledger(), heapBytes: heapAfterGc() });
      }
    } catch (e) {
      const runId = 'runId' in m ? m.runId : undefined;
      // A dataset error names its file in the message; the field is the dataset control.
      const field = m.type === 'loadDataset' ? 'dataset' : (e as { field?: string }).field;
      this.post({ type: 'error', runId, field, message: (e as Error).message });
    }
  }

  private run(id: string): HostedRun {
    const run = this.runs.get(id);
    if (!run) throw Object.assign(new Error(`no run '${id}'`), { field: 'runId' });
    return run;
  }

  private isLive(run: HostedRun): boolean {
    return this.runs.get(run.id) === run;
  }

  private async loadDataset(m: Extract<ToWorker, { type: 'loadDataset' }>): Promise<void> {
    const ds = await this.datasets.load(m.dataset, m);
    const source = m.files?.length ? m.files.map((f) => f.name).join(', ') : (m.urls ?? []).join(', ');
    this.post({ type: 'datasetLoaded', dataset: m.dataset, trainSize: ds.train.count, testSize: ds.test.count, source });
  }

  /** A new engine for `config`; resumed from `checkpoint` with the changes logged after it, if given. */
  private async start(id: string, config: ExperimentConfig, paused: boolean, resume?: Resume): Promise<void> {
    const dataset = await this.datasets.forRun(config.dataset, config.seed);
    this.runs.get(id)?.engine.destroy();
    this.runs.delete(id);
    const engine: RunEngine = await this.keeper.createEngine(dataset, toRunConfig(config, dataset.classes));
    if (resume) await restore(engine, resume);
    const checkpoint = resume?.checkpoint ?? null;
    const run: HostedRun = {
      id, config, engine, status: paused ? 'paused' : 'running', pendingSteps: 0, pendingPatch: null,
      checkpoint, nextEval: nextMultiple(engine.step, evalInterval(engine)), stepMs: 5,
      usedMs: this.leastUsedMs(), pace: new Pace(engine.step), postedThrough: resume?.posted ?? 0, checkpointEvery: null,
      // The page has the checkpoint it resumed from.
      sentCheckpoint: checkpoint && { step: checkpoint.step, at: performance.now() },
    };
    this.runs.set(id, run);
    this.post(runInfo(id, engine));
    this.post({ type: 'runState', runId: id, status: run.status, step: engine.step });
    this.scheduler.kick();
  }

  /** A run that is one member of the room its config names: through this browser's tabs, or its NATS server. */
  private async startRoom(id: string, config: ExperimentConfig): Promise<void> {
    const problem = roomProblem(config);
    if (problem) throw Object.assign(new Error(problem.message), { field: problem.field });
    const dataset = await this.datasets.forRun(config.dataset, config.seed);
    const engine = await this.keeper.createRoomEngine(dataset, toRunConfig(config, dataset.classes), ROOM_SLOTS);
    let link: RoomLink, run: RoomRun | null = null;
    const failed = (e: Error, fatal: boolean) => (fatal ? run?.abort(e) : this.post({ type: 'error', message: `room '${config.room}': a record was skipped: ${e.message}` }));
    try {
      // NATS's client loads only for a room that uses it.
      link = config.nats ? await (await import('./room/nats-ws')).natsLink(config.nats, config.room!, failed) : tabsRoom(config.room!);
    } catch (e) {
      engine.destroy();
      throw Object.assign(new Error(`cannot reach the room's NATS server ${config.nats}: ${(e as Error).message}`), { field: 'nats' });
    }
    run = new RoomRun(id, config, engine, dataset, link, config.nats ?? 'tabs', this.post);
    this.rooms.set(id, run);
    void run.run().finally(() => this.rooms.delete(id));
  }

  /** A new run starts level with the least-served one, so it neither waits for nor starves the others. */
  private leastUsedMs(): number {
    const used = [...this.runs.values()].map((r) => r.usedMs);
    return used.length ? Math.min(...used) : 0;
  }

  private setStatus(id: string, status: HostedRun['status']): void {
    const run = this.run(id);
    run.status = status;
    run.pace.restart(run.engine.step);
    this.post({ type: 'runState', runId: id, status, step: run.engine.step });
    this.scheduler.kick();
  }

  /**
   * Test accuracy now, the predictions or decision boundary, and a checkpoint. The
   * scheduler's evaluations fall on multiples of the run's interval; one the page asks
   * for (`postPoint`) is extra and moves nothing.
   */
  private async evaluate(run: HostedRun, postPoint = true): Promise<number | null> {
    const e = run.engine;
    const ev = await e.evaluate();
    const checkpoint = await e.checkpoint();
    if (!this.isLive(run)) return null;
    run.checkpoint = checkpoint;
    if (!postPoint) run.nextEval = nextMultiple(checkpoint.step, evalInterval(e));
    this.post(evaluationView(run.id, run.config.dataset, e, ev, checkpoint.theta, checkpoint.step));
    // A test-only point: no training loss or accuracy.
    if (postPoint) this.post({ type: 'metrics', runId: run.id, points: [{ step: checkpoint.step, epoch: checkpoint.step / e.stepsPerEpoch, testAcc: ev.accuracy }] });
    return ev.accuracy;
  }

  private drop(run: HostedRun): void {
    if (!this.isLive(run)) return;
    run.engine.destroy();
    this.runs.delete(run.id);
  }

  /** Ends a run; one that reached its end also says the hash of its final θ. */
  private finish(run: HostedRun, reason: FinishReason): void {
    if (!this.isLive(run)) return;
    this.runs.delete(run.id); // at once: the loop gives it no more turns
    const e = run.engine, done = { type: 'finished', runId: run.id, reason, step: e.step, epoch: e.epoch } as const;
    if (reason === 'cancelled') { e.destroy(); this.post(done); return; }
    e.checkpoint().then(
      (c) => this.post({ ...done, thetaHash: thetaHash(c.theta) }),
      () => this.post(done),
    ).finally(() => e.destroy());
  }

  /** What the device keeper is told when a device is lost (tests simulate one through it). */
  loseDevice(message: string): Promise<void> {
    return this.keeper.handleLoss({ reason: 'unknown', message });
  }

  /** The runs of a lost device, waiting for a new one: the loop no longer sees them. */
  private suspended: HostedRun[] = [];

  private suspend(): void {
    this.suspended.push(...this.runs.values());
    this.runs.clear();
  }

  /** After a lost device: every run again from its starting config, restored to its last checkpoint (docs/design.md §10, §14). */
  private async recover(): Promise<void> {
    const runs = this.suspended.splice(0);
    for (const run of runs) {
      run.engine.destroy(); // its buffers died with the device; destroying them again is harmless
      try {
        await this.start(run.id, run.config, run.status === 'paused', { checkpoint: run.checkpoint, log: [...run.engine.log], posted: run.postedThrough });
      } catch (e) {
        this.post({ type: 'error', runId: run.id, message: `could not resume after the device was lost: ${(e as Error).message}` });
      }
    }
  }
}

/**
 * Restores a fresh engine from a resume: the checkpoint, then the changes logged after it.
 * One that does not fit the run (another engine's, another plan's) is refused, saying so.
 */
async function restore(engine: RunEngine, { checkpoint, log }: Resume): Promise<void> {
  const before = checkpoint?.log.length ?? 0;
  if (checkpoint && (log.length < before || log.slice(0, before).some((c, i) => c.step !== checkpoint.log[i].step))) {
    throw new Error(`could not resume from the checkpoint at step ${checkpoint.step}: its live changes are not those of the run`);
  }
  try {
    await engine.restore(checkpoint, log.slice(before));
  } catch (e) {
    throw new Error(`could not resume from the checkpoint at step ${checkpoint?.step ?? 0}: ${(e as Error).message}`);
  }
}

/** The JS heap in use after a forced GC, where the browser allows both (Chromium with --js-flags=--expose-gc), else null. */
function heapAfterGc(): number | null {
  const g = globalThis as { gc?: () => void; performance?: { memory?: { usedJSHeapSize: number } } };
  g.gc?.();
  return g.performance?.memory?.usedJSHeapSize ?? null;
}
