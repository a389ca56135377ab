import { describe, expect, it } from 'vitest';
import type { ToWorker } from '../train/protocol';
import { createController } from './controller';
import { applyEvents } from './events';
import { PRESETS } from './presets';
import { createAppStore } from './store';

function setup() {
  const store = createAppStore();
  const sent: ToWorker[] = [];
  let n = 0;
  const controller = createController(store, (m) => sent.push(m), () => `r${++n}`);
  return { store, sent, controller };
}

describe('controller and worker events', () => {
  it('play starts a run with the current config; pause and resume go to the worker', () => {
    const { store, sent, controller } = setup();
    controller.play();
    expect(sent).toEqual([{ type: 'start', runId: 'r1', config: store.getState().config, paused: undefined }]);
    applyEvents(store, [{ type: 'runState', runId: 'r1', status: 'running', step: 0 }]);
    controller.toggle();
    expect(sent.at(-1)).toEqual({ type: 'pause', runId: 'r1' });
    controller.play();
    expect(sent.at(-1)).toEqual({ type: 'resume', runId: 'r1' });
    expect(store.getState().runs.map((r) => r.status)).toEqual(['running']);
  });

  it('appends metrics in one update and records the first point time', () => {
    const { store, controller } = setup();
    controller.play();
    const t0 = store.getState().playAt!;
    let updates = 0;
    store.subscribe(() => updates++);
    applyEvents(store, [
      { type: 'metrics', runId: 'r1', points: [{ step: 0, epoch: 0, loss: 2.3, trainAcc: 0.1 }] },
      { type: 'progress', runId: 'r1', step: 1, epoch: 0.01, stepsPerSec: 50, etaSec: 10 },
      { type: 'metrics', runId: 'r1', points: [{ step: 1, epoch: 0.01, loss: 2.2, trainAcc: 0.2, testAcc: 0.15 }] },
      { type: 'metrics', runId: 'gone', points: [{ step: 0, epoch: 0, loss: 1, trainAcc: 0 }] },
    ], t0 + 42);
    expect(updates).toBe(1);
    const st = store.getState();
    expect(st.series.r1.points.map((p) => p.step)).toEqual([0, 1]);
    expect(st.series.gone).toBeUndefined();
    expect(st.runs[0].progress?.stepsPerSec).toBe(50);
    expect(st.firstPointMs).toBeCloseTo(42, 6); // (t0 + 42) − t0 rounds: t0 is a fractional performance.now()
  });

  it('sends live edits to the newest live run, filtered by its method, and marks where they landed', () => {
    const { store, sent, controller } = setup();
    controller.runPreset(PRESETS[0]); // sgd, fpd, rbd
    expect(sent.filter((m) => m.type === 'start')).toHaveLength(3);
    controller.edit({ lr: 0.5, redraw: 4 });
    expect(sent.at(-1)).toEqual({ type: 'live', runId: 'r3', patch: { lr: 0.5, redraw: 4 } });
    store.getState().selectRun('r2'); // the fpd run: it never redraws
    controller.edit({ redraw: 8, d: 100 });
    expect(sent.at(-1)).toEqual({ type: 'live', runId: 'r2', patch: { d: 100 } });
    store.getState().selectRun('r1'); // sgd: only the learning rate applies
    const before = sent.length;
    controller.edit({ d: 50 });
    expect(sent.length).toBe(before);
    applyEvents(store, [{ type: 'liveApplied', runId: 'r3', step: 120, epoch: 0.48, patch: { lr: 0.5 } }]);
    const r3 = store.getState().runs.find((r) => r.id === 'r3')!;
    expect(r3.marks).toEqual([{ step: 120, epoch: 0.48, patch: { lr: 0.5 } }]);
    expect(r3.live.lr).toBe(0.5);
    expect(r3.config.lr).toBe(PRESETS[0].runs[2].lr); // the config it started with
  });

  it('never lets an invalid edit into the config', () => {
    const { store, sent, controller } = setup();
    controller.play();
    const errors = controller.edit({ d: Number.NaN, lr: -1 });
    expect(errors.map((e) => e.field).sort()).toEqual(['d', 'lr']);
    expect(store.getState().config).toMatchObject({ d: 250, lr: 1 });
    expect(sent.filter((m) => m.type === 'live')).toHaveLength(0);
    expect(store.getState().configErrors).toHaveLength(2);
    controller.edit({ d: 300 });
    expect(store.getState().configErrors.map((e) => e.field)).toEqual(['lr']);
  });

  it('switching to fpd fixes the basis without a message, and back to rbd redraws every step', () => {
    const { store, controller } = setup();
    expect(controller.edit({ method: 'fpd' })).toEqual([]);
    expect(store.getState().config.redraw).toBe('never');
    expect(controller.edit({ method: 'rbd' })).toEqual([]);
    expect(store.getState().config.redraw).toBe(1);
  });

  it('a diverged run stops with its step, others carry on', () => {
    const { store, controller } = setup();
    controller.startRuns([store.getState().config, store.getState().config]);
    applyEvents(store, [{ type: 'diverged', runId: 'r1', step: 812 }, { type: 'runState', runId: 'r2', status: 'running', step: 900 }]);
    const [r1, r2] = store.getState().runs;
    expect(r1).toMatchObject({ status: 'diverged', message: 'diverged at step 812' });
    expect(r2.status).toBe('running');
    expect(store.getState().notices[0].message).toMatch(/diverged at step 812/);
    // A late runState from the worker does not bring the diverged run back.
    applyEvents(store, [{ type: 'runState', runId: 'r1', status: 'running', step: 813 }]);
    expect(store.getState().runs[0].status).toBe('diverged');
  });

  it('step on an idle page builds a paused run and steps it; reset cancels live runs only', () => {
    const { store, sent, controller } = setup();
    controller.step(5);
    expect(sent.map((m) => m.type)).toEqual(['start', 'step']);
    expect(sent[0]).toMatchObject({ paused: true });
    expect(sent[1]).toEqual({ type: 'step', runId: 'r1', count: 5 });
    applyEvents(store, [{ type: 'finished', runId: 'r1', reason: 'epochs', step: 5, epoch: 1 }]);
    controller.play();
    controller.reset();
    expect(sent.at(-1)).toEqual({ type: 'cancel', runId: 'r2' });
    expect(store.getState().runs.map((r) => r.id)).toEqual(['r1']);
  });

  it('dataset and field errors from the worker are shown without touching runs', () => {
    const { store, controller } = setup();
    controller.play();
    applyEvents(store, [
      { type: 'error', field: 'dataset', message: 'file train-images-idx3-ubyte.gz: bad magic number 0x1f8b0800' },
      { type: 'error', field: 'd', message: 'd = 2 is less than K = 4 compartments' },
    ]);
    const st = store.getState();
    expect(st.notices.map((n) => n.kind)).toEqual(['dataset']);
    expect(st.configErrors).toEqual([{ field: 'd', message: 'd = 2 is less than K = 4 compartments', defaultUsed: null }]);
    expect(st.runs[0].status).toBe('starting');
  });
});
