/**
 * The training loop of the worker: takes turns between the runs that are running (or
 * owe steps while paused), up to `spf` steps each, and between steps applies a waiting
 * live change. Each turn reads the metrics back once, which also keeps the CPU from
 * running ahead of the GPU, and says when an evaluation or the end is due.
 */
import type { MetricPoint, FromWorker } from './protocol';
import { finalStep, type HostedRun } from './hosted-run';
import { runInfo } from './report';

export interface SchedulerHooks {
  post(m: FromWorker): void;
  /** Still the run under its id (a cancelled or restarted run is a different object). */
  isLive(run: HostedRun): boolean;
  /** Test accuracy now (and the views and checkpoint that come with it), or null if the run went away. */
  evaluate(run: HostedRun): Promise<number | null>;
  finish(run: HostedRun, reason: 'epochs' | 'target'): void;
  /** Stops and forgets a run without a `finished` message (it diverged). */
  drop(run: HostedRun): void;
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
        for (const run of active) if (this.hooks.isLive(run)) await this.turn(run);
      }
    } catch (e) {
      // The loop must never die silently: say what happened; the next message restarts it.
      this.hooks.post({ type: 'error', message: `training stopped: ${(e as Error).message}` });
    } finally {
      this.looping = false;
    }
  }

  /** Up to spf steps of one run, then one metrics point. */
  private async turn(run: HostedRun): Promise<void> {
    const e = run.engine, { post } = this.hooks;
    const steps = run.status === 'running' ? run.config.spf : Math.min(run.config.spf, run.pendingSteps);
    const target = finalStep(run);
    let evalDue = false;
    for (let i = 0; i < steps && e.step < target; i++) {
      if (run.pendingPatch) this.applyPatch(run);
      e.runStep();
      if (run.status === 'paused') run.pendingSteps--;
      if (e.step >= run.nextEval) { evalDue = true; break; }
    }
    const m = await e.readTrainMetrics();
    if (!this.hooks.isLive(run)) return;
    if (m.samples === 0 && e.step < target) return;
    if (!Number.isFinite(m.loss)) {
      post({ type: 'diverged', runId: run.id, step: e.step });
      this.hooks.drop(run);
      return;
    }
    const point: MetricPoint = m.samples ? { step: e.step, epoch: e.epoch, loss: m.loss, trainAcc: m.accuracy } : { step: e.step, epoch: e.epoch };
    const done = e.step >= target;
    if (evalDue || done) point.testAcc = (await this.hooks.evaluate(run)) ?? undefined;
    if (!this.hooks.isLive(run)) return;
    post({ type: 'metrics', runId: run.id, points: [point] });
    const progress = run.pace.message(run.id, e, target);
    if (progress) post(progress);
    if (done) this.hooks.finish(run, 'epochs');
    else if (run.config.target !== null && point.testAcc !== undefined && 100 * point.testAcc >= run.config.target) this.hooks.finish(run, 'target');
  }

  /** A live change at this step boundary; one the engine refuses (say d < K compartments) leaves the run as it was. */
  private applyPatch(run: HostedRun): void {
    const patch = run.pendingPatch!, e = run.engine;
    run.pendingPatch = null;
    try {
      e.setLive(patch);
    } catch (err) {
      // No runId, so the page does not mark the still-running run failed.
      this.hooks.post({ type: 'error', field: (err as { field?: string }).field, message: `live change not applied: ${(err as Error).message}` });
      return;
    }
    this.hooks.post({ type: 'liveApplied', runId: run.id, step: e.step, epoch: e.epoch, patch });
    if (patch.d !== undefined) this.hooks.post(runInfo(run.id, e));
  }
}
