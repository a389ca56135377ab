/**
 * The training loop of the worker. Runs share the device's TIME, not steps: the next
 * turn goes to the run that has used the least time so far, and a turn lasts about
 * SLICE_MS (at least one step), so a run that steps ten times faster takes about ten
 * times the steps, and is never throttled to a slow run's pace. What a run
 * computes never depends on this: its metric points fall on fixed multiples of its
 * window (spf steps; docs/design.md §14), its evaluations on fixed multiples of its
 * interval, and live changes apply at the step boundary where they arrive.
 */
import type { NetworkMetrics } from '../nn/network';
import type { FromWorker, MetricPoint } from './protocol';
import type { Diagnostics } from './diagnostics';
import type { Checkpoint } from './engine';
import { checkpointCadence, checkpointForPage, evalInterval, finalStep, PROBE_EVERY_EVALS, type HostedRun } from './hosted-run';
import { runInfo } from './report';

/** The time a run gets in a turn. Short enough that several runs all look live; long enough to keep the device busy. */
export const SLICE_MS = 40;
/** At most this many steps in a turn, whatever the estimate (a run's first turns, or a very cheap step). */
const MAX_STEPS = 2000;

export interface SchedulerHooks {
  post(m: FromWorker, transfer?: Transferable[]): void;
  /** Still the run under its id (a cancelled or restarted run is a different object). */
  isLive(run: HostedRun): boolean;
  /** Test accuracy now (and the views and checkpoint that come with it), or null if the run went away. */
  evaluate(run: HostedRun): Promise<number | null>;
  finish(run: HostedRun, reason: 'epochs' | 'target'): void;
  /** Stops and forgets a run without a `finished` message (it diverged). */
  drop(run: HostedRun): void;
  /** Whether the device is lost (or is being lost): then a failed turn is the loss's, not the run's. */
  deviceLost(): Promise<boolean>;
}

export class Scheduler {
  private looping = false;

  constructor(private readonly runs: () => HostedRun[], private readonly hooks: SchedulerHooks) {}

  /** Starts the loop unless it runs already; every message that may give it work calls this. */
  kick(): void {
    if (!this.looping) { this.looping = true; void this.loop(); }
  }

  private async loop(): Promise<void> {
    try {
      for (;;) {
        const active = this.runs().filter((r) => r.status === 'running' || r.pendingSteps > 0);
        if (!active.length) break;
        const next = active.reduce((a, b) => (b.usedMs < a.usedMs ? b : a));
        const started = performance.now();
        try {
          await this.turn(next);
        } catch (e) {
          // A device lost mid-turn fails its reads before device.lost says so; recovery takes over from there.
          if (!this.hooks.isLive(next) || (await this.hooks.deviceLost())) break;
          throw e;
        }
        next.usedMs += performance.now() - started;
      }
    } catch (e) {
      // The loop must never die silently: say what happened; the next message restarts it.
      this.hooks.post({ type: 'error', message: `training stopped: ${(e as Error).message}` });
    } finally {
      this.looping = false;
    }
  }

  /** Steps for one slice of time, from the run's own measured step time. */
  private budget(run: HostedRun): number {
    const steps = Math.min(MAX_STEPS, Math.max(1, Math.round(SLICE_MS / run.stepMs)));
    return run.status === 'running' ? steps : Math.min(steps, run.pendingSteps);
  }

  /** One slice of a run: its steps, a read at every window's end, then the points and what they make due. */
  private async turn(run: HostedRun): Promise<void> {
    const e = run.engine, window = run.config.spf, target = finalStep(run), budget = this.budget(run);
    const reads: { step: number; epoch: number; metrics: Promise<NetworkMetrics> }[] = [];
    let checkpoint: Promise<Checkpoint> | null = null;
    const started = performance.now(), from = e.step;
    let evalDue = false;
    for (let i = 0; i < budget && e.step < target; i++) {
      if (run.pendingPatch) await this.applyPatch(run);
      e.runStep();
      if (run.status === 'paused') run.pendingSteps--;
      // The read is queued now, behind this step and before the next: the window is exact.
      if (e.step % window === 0 || e.step === target) reads.push({ step: e.step, epoch: e.epoch, metrics: e.readTrainMetrics() });
      // Queued at this step like the reads, so at most a cadence of work is lost to a lost device.
      if (run.checkpointEvery && e.step % run.checkpointEvery === 0) checkpoint = e.checkpoint();
      if (e.step >= run.nextEval) { evalDue = true; break; }
    }
    // Queued behind the step it diagnoses, like the reads; sgd's ρ_G is 1 by definition, not worth a probe.
    const probe = evalDue && e.config.method !== 'sgd' && e.step % (PROBE_EVERY_EVALS * evalInterval(e)) === 0 ? e.diagnose() : null;
    // Each is awaited below; should the device go meanwhile, the ones not reached must not go unhandled.
    for (const p of [probe, checkpoint, ...reads.map((r) => r.metrics)]) p?.catch(() => undefined);
    await (reads.length ? reads[reads.length - 1].metrics : e.settle());
    if (e.step > from) run.stepMs = 0.5 * run.stepMs + 0.5 * ((performance.now() - started) / (e.step - from));
    if (e.step > from && run.checkpointEvery === null && run.status === 'running') run.checkpointEvery = checkpointCadence(run.stepMs, window);
    const saved = checkpoint && (await checkpoint);
    if (!this.hooks.isLive(run)) return;
    if (saved && (!run.checkpoint || saved.step > run.checkpoint.step)) run.checkpoint = saved;
    const points: MetricPoint[] = [];
    for (const r of reads) {
      const m = await r.metrics;
      if (!Number.isFinite(m.loss)) {
        this.hooks.post({ type: 'diverged', runId: run.id, step: r.step });
        this.hooks.drop(run);
        return;
      }
      points.push(m.samples ? { step: r.step, epoch: r.epoch, loss: m.loss, trainAcc: m.accuracy } : { step: r.step, epoch: r.epoch });
    }
    const done = e.step >= target;
    if (evalDue || done) {
      const testAcc = (await this.hooks.evaluate(run)) ?? undefined;
      if (!this.hooks.isLive(run)) return;
      const last = points[points.length - 1];
      if (last?.step === e.step) last.testAcc = testAcc;
      else points.push({ step: e.step, epoch: e.epoch, testAcc });
    }
    const diagnosed = probe && (await probe);
    if (diagnosed) points[points.length - 1].diagnostics = pointDiagnostics(diagnosed);
    if (!this.hooks.isLive(run)) return;
    // After a lost device the run replays from its checkpoint: the page has those points already.
    const fresh = points.filter((p) => p.step > run.postedThrough);
    if (fresh.length) {
      this.hooks.post({ type: 'metrics', runId: run.id, points: fresh });
      run.postedThrough = fresh[fresh.length - 1].step;
    }
    this.sendCheckpoint(run);
    const progress = run.pace.message(run.id, e, target, run.status === 'paused' && run.pendingSteps === 0);
    if (progress) this.hooks.post(progress);
    const reached = points.some((p) => p.testAcc !== undefined && run.config.target !== null && 100 * p.testAcc >= run.config.target);
    if (done) this.hooks.finish(run, 'epochs');
    else if (reached) this.hooks.finish(run, 'target');
  }

  /** The run's checkpoint to the page when one is due, as a copy whose buffers move (the run keeps its own for a lost device). */
  private sendCheckpoint(run: HostedRun): void {
    const now = performance.now(), c = checkpointForPage(run, now);
    if (!c) return;
    run.sentCheckpoint = { step: c.step, at: now };
    const copy: Checkpoint = { ...c, theta: c.theta.slice(), cHat: c.cHat?.slice() ?? null, anchor: c.anchor?.slice() ?? null, log: c.log.map((l) => ({ ...l })) };
    const moved = [copy.theta, copy.cHat, copy.anchor].flatMap((a) => (a ? [a.buffer] : []));
    this.hooks.post({ type: 'checkpoint', runId: run.id, checkpoint: copy }, moved);
  }

  /** A live change at this step boundary; one the engine refuses (say d < K compartments) leaves the run as it was. */
  private async applyPatch(run: HostedRun): Promise<void> {
    const patch = run.pendingPatch!, e = run.engine;
    run.pendingPatch = null;
    try {
      await e.prepare(patch); // a switch from sgd compiles its subspace; the step waits for it
      e.setLive(patch);
    } catch (err) {
      // No runId, so the page does not mark the still-running run failed.
      this.hooks.post({ type: 'error', field: (err as { field?: string }).field, message: `live change not applied: ${(err as Error).message}` });
      return;
    }
    this.hooks.post({ type: 'liveApplied', runId: run.id, step: e.step, epoch: e.epoch, patch });
    if (patch.d !== undefined || patch.method !== undefined) this.hooks.post(runInfo(run.id, e));
  }
}

const pointDiagnostics = ({ rhoG, rhoGByCompartment, rho, stepLength, gradLength }: Diagnostics) => ({ rhoG, rhoGByCompartment, rho, stepLength, gradLength });
