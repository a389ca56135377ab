/**
 * The sweep orchestrator against a fake worker: the messages it would send are recorded,
 * and the worker's answers (a final point with its test accuracy, then `finished`) are
 * fed back through applyEvents, as the trainer client does.
 */
import { describe, expect, it } from 'vitest';
import { serializeConfig } from '../experiment/config';
import { sweepRuns } from '../experiment/sweep';
import type { ToWorker } from '../train/protocol';
import { createController } from './controller';
import { applyEvents } from './events';
import { isActive } from './runs-slice';
import { createAppStore, type AppStore } from './store';
import { sweepView } from './sweep-view';

const STEPS = 50;
const QUERY = `dataset=circles&arch=mlp:8:tanh&lr=3&steps=${STEPS}&sgdLr=0.5&sweep=4,16`;

function setup(query = QUERY, store: AppStore = createAppStore()) {
  const sent: ToWorker[] = [];
  let n = store.getState().runs.length;
  const controller = createController(store, (m) => sent.push(m), () => `r${++n}`);
  expect(store.getState().applyQuery(query)).toEqual([]);
  const starts = () => sent.filter((m): m is Extract<ToWorker, { type: 'start' }> => m.type === 'start');
  /** Each start as 'method:d:seed' (d 0 for sgd, as sweepRuns names it). */
  const started = () => starts().map(({ config: c }) => `${c.method}:${c.method === 'sgd' ? 0 : c.d}:${c.seed}`);
  return { store, sent, controller, starts, started };
}

/** The worker's answer to a run that reached its budget: the final point carries the test accuracy. */
function finish(store: AppStore, runId: string, testAcc: number, at = STEPS) {
  applyEvents(store, [
    { type: 'runInfo', runId, D: 42, sumDk: 4, compartments: [], storedPBytes: 0, usedBytes: 0, bytesPerStepWorkers: 0, allReduceBytes: 0, stepsPerEpoch: 100, trainSize: 1600, testSize: 400 },
    { type: 'metrics', runId, points: [{ step: 10, epoch: 0.1, loss: 0.6, trainAcc: 0.6, testAcc: 0.5 }, { step: at, epoch: at / 100, loss: 0.3, trainAcc: 0.9, testAcc }] },
    { type: 'finished', runId, reason: 'epochs', step: at, epoch: at / 100, thetaHash: 'h' },
  ]);
}
const liveRuns = (store: AppStore) => store.getState().runs.filter(isActive);
const current = (store: AppStore) => store.getState().sweep.runId!;
const names = (runs: ReturnType<typeof sweepRuns>) => runs.map((r) => `${r.method}:${r.d}:${r.seed}`);

describe('the sweep orchestrator', () => {
  it("keeps live edits off the sweep's run: it trains the config the sweep wrote", () => {
    const { store, sent, controller } = setup();
    controller.sweep.start();
    expect(controller.edit({ d: 7, lr: 0.3 })).toEqual([]);
    expect(sent.filter((m) => m.type === 'live')).toEqual([]);
    expect(store.getState().runs[0].marks).toEqual([]);
  });

  it('runs the sweep one run at a time, in the order of sweepRuns, each a normal run of the list', () => {
    const { store, controller, starts, started } = setup(`${QUERY}&seeds=1,2`);
    const order = names(sweepRuns(store.getState().config));
    controller.sweep.start();
    for (let i = 0; i < order.length; i++) {
      expect(liveRuns(store)).toHaveLength(1); // never two at once
      expect(started()).toEqual(order.slice(0, i + 1));
      finish(store, current(store), 0.5 + i / 100);
    }
    expect(store.getState().sweep.status).toBe('done');
    expect(starts()).toHaveLength(order.length);
    // Each run's config is the sweep run's, so a later visit can find it by its link.
    expect(store.getState().runs.map((r) => serializeConfig(r.config))).toEqual(sweepRuns(store.getState().config).map((r) => serializeConfig(r.config)));
    const view = sweepView(store.getState(), performance.now());
    expect(view).toMatchObject({ status: 'done', total: order.length, done: order.length, current: null });
    expect(view.summary!.sgd!.accuracy).toBeCloseTo((0.5 + 0.55) / 2, 12); // the two seeds' baselines, runs 0 and 5
  });

  it('stop cancels the current run and starts nothing more; resume runs only the missing ones', () => {
    const { store, sent, controller, started } = setup();
    controller.sweep.start();
    finish(store, current(store), 0.9); // sgd
    finish(store, current(store), 0.4); // fpd d=4
    const third = current(store);
    controller.sweep.stop();
    expect(sent.at(-1)).toEqual({ type: 'cancel', runId: third });
    expect(store.getState().runs.map((r) => r.id)).not.toContain(third); // its partial curve goes
    expect(store.getState().sweep.status).toBe('stopped');
    // The worker's late answer for the cancelled run changes nothing.
    applyEvents(store, [{ type: 'finished', runId: third, reason: 'cancelled', step: 20, epoch: 0.2 }]);
    expect(started()).toEqual(['sgd:0:1', 'fpd:4:1', 'rbd:4:1']);
    expect(sweepView(store.getState(), 0)).toMatchObject({ status: 'stopped', done: 2, total: 5, current: null });

    controller.sweep.start();
    expect(started()).toEqual(['sgd:0:1', 'fpd:4:1', 'rbd:4:1', 'rbd:4:1']);
    expect(sweepView(store.getState(), 0)).toMatchObject({ status: 'running', done: 2, current: 3 });
    finish(store, current(store), 0.5);
    finish(store, current(store), 0.85);
    finish(store, current(store), 0.88);
    expect(started()).toEqual(['sgd:0:1', 'fpd:4:1', 'rbd:4:1', 'rbd:4:1', 'fpd:16:1', 'rbd:16:1']);
    expect(store.getState().sweep.status).toBe('done');
  });

  it('after a reload, starts only the runs the stored list lacks, and never a finished one again', () => {
    const first = setup();
    first.controller.sweep.start();
    finish(first.store, current(first.store), 0.9);
    finish(first.store, current(first.store), 0.4);
    // What persistence restores on the next visit: the runs and their curves, nothing of the sweep's own state.
    const restored = createAppStore();
    restored.setState({ runs: first.store.getState().runs.filter((r) => !isActive(r)), series: first.store.getState().series });
    const again = setup(QUERY, restored);
    expect(sweepView(again.store.getState(), 0)).toMatchObject({ status: 'idle', done: 2, total: 5 });
    again.controller.sweep.start();
    expect(again.started()).toEqual(['rbd:4:1']);
    finish(again.store, current(again.store), 0.5);
    finish(again.store, current(again.store), 0.8);
    finish(again.store, current(again.store), 0.85);
    expect(again.started()).toEqual(['rbd:4:1', 'fpd:16:1', 'rbd:16:1']);
    const s = again.store.getState();
    expect(s.sweep.status).toBe('done');
    // Starting again has nothing to run.
    again.controller.sweep.start();
    expect(again.starts()).toHaveLength(3);
    expect(sweepView(s, 0).summary!.methods.map((m) => m.intrinsic)).toEqual([
      // threshold 0.9 × 0.9 = 0.81: fpd never reaches it (0.4, 0.8); rbd does at 16 (0.5 → 0.85), interpolated in log d
      { kind: 'above', grid: 16 },
      { kind: 'found', grid: 16, interpolated: expect.closeTo(Math.exp(Math.log(4) + ((0.81 - 0.5) / (0.85 - 0.5)) * Math.log(4)), 9) },
    ]);
  });

  it('a diverged run counts as done at accuracy 0; a failed one ends its turn and is run again on the next resume', () => {
    const { store, controller, started } = setup();
    controller.sweep.start();
    finish(store, current(store), 0.9);
    applyEvents(store, [{ type: 'diverged', runId: current(store), step: 12 }]); // fpd d=4
    applyEvents(store, [{ type: 'error', runId: current(store), message: 'out of memory' }]); // rbd d=4
    expect(started()).toEqual(['sgd:0:1', 'fpd:4:1', 'rbd:4:1', 'fpd:16:1']);
    finish(store, current(store), 0.85);
    finish(store, current(store), 0.86);
    const view = sweepView(store.getState(), 0);
    expect(view).toMatchObject({ status: 'done', done: 4, total: 5 });
    expect(names(view.failed)).toEqual(['rbd:4:1']);
    expect(names(view.diverged)).toEqual(['fpd:4:1']);
    expect(view.summary!.methods[0].points.map((p) => [p.d, p.accuracy])).toEqual([[4, 0], [16, 0.85]]);
    controller.sweep.start();
    expect(started().slice(5)).toEqual(['rbd:4:1']);
  });

  it('a run without a test accuracy at its budget step has no outcome', () => {
    const { store, controller } = setup();
    controller.sweep.start();
    finish(store, current(store), 0.9, STEPS - 10); // its last point is not at the budget
    expect(sweepView(store.getState(), 0).done).toBe(0);
  });

  it('waits for a run of the sweep the user already started instead of starting it twice', () => {
    const { store, controller, started } = setup();
    const sgd = sweepRuns(store.getState().config)[0].config;
    controller.startRuns([sgd]);
    controller.sweep.start();
    expect(started()).toEqual(['sgd:0:1']);
    finish(store, 'r1', 0.9);
    expect(started()).toEqual(['sgd:0:1', 'fpd:4:1']);
  });

  it('Reset (which removes the live runs) stops the sweep; a config without a grid starts nothing', () => {
    const { store, controller, started } = setup();
    controller.sweep.start();
    controller.reset();
    expect(store.getState().sweep.status).toBe('stopped');
    expect(started()).toEqual(['sgd:0:1']);
    const plain = setup('dataset=circles&arch=mlp:8:tanh');
    plain.controller.sweep.start();
    expect(plain.sent).toEqual([]);
    expect(sweepView(plain.store.getState(), 0).base).toBeNull();
  });

  it('shows progress as run i of n, with an estimate only once a run of this pass has finished', () => {
    const { store, controller } = setup();
    controller.sweep.start();
    expect(sweepView(store.getState(), performance.now())).toMatchObject({ current: 1, total: 5, etaSec: null, timed: 0 });
    finish(store, current(store), 0.9);
    const view = sweepView(store.getState(), performance.now());
    expect(view).toMatchObject({ current: 2, done: 1, timed: 1 });
    expect(view.etaSec).toBeGreaterThanOrEqual(0);
  });
});
