/**
 * A run that is one member of a room (docs/design.md §13), hosted in the training worker:
 * the room's log paces it (room/member.ts), not the scheduler's turns, so pause and step
 * do not apply; a live change is proposed to the log and applies for every member. It
 * tells the page what a run tells it (plan, points, evaluations, the final θ hash) and
 * the room's meter.
 */
import type { Dataset } from '../data/dataset';
import type { ExperimentConfig } from '../experiment/fields';
import type { LivePatch } from '../experiment/live';
import { roomSteps, roomText } from '../experiment/room';
import { allReduceBytes } from '../subspace/transport';
import { thetaHash } from './hash';
import { evalInterval } from './hosted-run';
import type { FromWorker, RoomReport } from './protocol';
import { evaluationView, runInfo } from './report';
import type { RoomEvent } from './room/records';
import { memberLine } from './room/lines';
import { RoomMember } from './room/member';
import type { RoomTransport } from './room/transport';
import type { Trainer } from './trainer';

/** The most members a room's update sums at once (the workers field's bound). */
export const ROOM_SLOTS = 8;
/** Meter messages at most this often (ms). */
const REPORT_MS = 250;

export interface RoomLink extends RoomTransport {
  /** The tabs' member lock (room/tabs.ts), held before the hello; NATS has none and relies on the deadline. */
  claim?(nonce: string, present: () => readonly [nonce: string, member: number][]): Promise<void>;
  close(): void | Promise<void>;
}

export class RoomRun {
  private readonly member: RoomMember;
  readonly name: string;
  private readonly report: RoomReport;
  private readonly started = performance.now();
  private lastReport = 0;

  constructor(readonly id: string, private readonly config: ExperimentConfig, private readonly engine: Trainer, dataset: Dataset,
    private readonly link: RoomLink, via: string, private readonly post: (m: FromWorker) => void) {
    this.name = config.room!;
    const steps = roomSteps(config, dataset.train.count, 1); // a page founds a room alone (quorum 1)
    this.report = {
      name: config.room!, via, member: null, members: [], step: 0, sentBytes: 0, receivedBytes: 0, sentPerStep: 0, receivedPerStep: 0,
      allReducePerStep: allReduceBytes(1, engine.plan.D), stepsPerSec: 0, computeMsPerStep: 0, waitMsPerStep: 0, regeneratedPerStep: 0, stepScale: 1,
      lastHash: null, parted: null, events: [],
    };
    this.member = new RoomMember(engine, link, {
      config: roomText(config), room: { batch: config.batch, samples: dataset.train.count }, steps, hashEvery: config.spf,
      onEvent: (e, self) => this.onEvent(e, self), afterStep: (step) => this.afterStep(step, steps),
    });
  }

  /** Joins the room and trains until the room's budget; the page hears how it ended. */
  async run(): Promise<void> {
    this.post(runInfo(this.id, this.engine));
    this.post({ type: 'runState', runId: this.id, status: 'running', step: 0 });
    try {
      await this.link.claim?.(this.member.nonce, this.member.present);
      const end = await this.member.join();
      this.sendReport(true);
      if (end.kind === 'refused') {
        this.post({ type: 'error', runId: this.id, field: 'room', message: `room '${this.report.name}' refused this experiment: ${end.message}` });
        return;
      }
      const theta = await this.engine.readTheta();
      this.post({ type: 'finished', runId: this.id, reason: end.kind === 'done' ? 'epochs' : 'cancelled', step: this.engine.step, epoch: this.engine.epoch, thetaHash: thetaHash(theta) });
    } catch (e) {
      this.post({ type: 'error', runId: this.id, field: 'room', message: `room '${this.report.name}': ${(e as Error).message}` });
    } finally {
      await this.link.close();
      this.engine.destroy();
    }
  }

  /** The transport failed (a server gone, a bad record): the run ends with the reason, and never trains on wrong numbers. */
  abort(error: Error): void {
    this.member.abort(error);
  }

  propose(patch: LivePatch): void {
    this.member.propose(patch);
  }

  leave(): void {
    this.member.leave('its run was cancelled');
  }

  private onEvent(e: RoomEvent, self: number | null): void {
    const r = this.report;
    const line = memberLine(e, self, 'this tab');
    if (line) r.events = [...r.events, line].slice(-6);
    if (e.kind === 'hashes') {
      r.lastHash = { step: e.step, agree: e.agree, members: e.hashes.length };
      if (!e.agree && !r.parted) r.parted = { step: e.step, hashes: e.hashes, reference: e.reference, resync: e.resync };
    }
    if (e.kind === 'complete') r.stepScale = e.members.length;
    if (e.kind === 'live') this.post({ type: 'liveApplied', runId: this.id, step: e.change.step, epoch: e.change.step / this.engine.stepsPerEpoch, patch: e.change.patch });
    this.sendReport(line !== null || e.kind === 'hashes');
  }

  private async afterStep(step: number, steps: number): Promise<void> {
    const e = this.engine, spf = this.config.spf;
    if (step % spf === 0 || step === steps) {
      const m = await e.readTrainMetrics();
      this.post({ type: 'metrics', runId: this.id, points: [{ step, epoch: e.epoch, loss: m.loss, trainAcc: m.accuracy }] });
    }
    if (step % evalInterval(e) === 0 || step === steps) {
      const ev = await e.evaluate();
      this.post({ type: 'metrics', runId: this.id, points: [{ step, epoch: e.epoch, testAcc: ev.accuracy }] });
      this.post(evaluationView(this.id, this.config.dataset, e, ev, await e.readTheta(), step));
    }
    this.sendReport(false);
  }

  private sendReport(now: boolean): void {
    const t = performance.now();
    if (!now && t - this.lastReport < REPORT_MS) return;
    this.lastReport = t;
    const r = this.report, s = this.member.stats, per = Math.max(1, s.steps), W = Math.max(1, this.member.members.length);
    Object.assign(r, {
      member: this.member.id, members: this.member.members, step: this.engine.step,
      sentBytes: this.link.bytes.sent, receivedBytes: this.link.bytes.received,
      sentPerStep: this.link.bytes.sent / per, receivedPerStep: this.link.bytes.received / per,
      stepsPerSec: s.steps / ((t - this.started) / 1000), computeMsPerStep: s.computeMs / per, waitMsPerStep: s.waitMs / per,
      regeneratedPerStep: W * this.engine.trainedDims * this.engine.plan.D,
    });
    this.post({ type: 'room', runId: this.id, room: { ...r, members: [...r.members], events: [...r.events] } });
    if (this.engine.step > 0) this.post({ type: 'progress', runId: this.id, step: this.engine.step, epoch: this.engine.epoch, stepsPerSec: r.stepsPerSec, etaSec: null });
  }
}
