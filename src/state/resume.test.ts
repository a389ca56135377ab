import { describe, expect, it } from 'vitest';
import type { Checkpoint, ToWorker } from '../train/protocol';
import { createController } from './controller';
import { applyEvents } from './events';
import { restartMessages, restartNotice } from './resume';
import { createAppStore } from './store';

const checkpointAt = (step: number): Checkpoint => ({
  step, theta: Float32Array.of(1, 2), cHat: null, anchor: null, metrics: { lossSum: 0, correct: 0, samples: 0, batches: 0 }, log: [],
});

function setup() {
  const store = createAppStore();
  const sent: ToWorker[] = [];
  let n = 0;
  const controller = createController(store, (m) => sent.push(m), () => `r${++n}`);
  const config = store.getState().config;
  controller.startRuns([config, config, config]);
  applyEvents(store, [
    { type: 'runState', runId: 'r1', status: 'running', step: 0 },
    { type: 'runState', runId: 'r2', status: 'paused', step: 0 },
    { type: 'metrics', runId: 'r1', points: [{ step: 10, epoch: 0.1, loss: 2 }, { step: 20, epoch: 0.2, loss: 1.9 }] },
    { type: 'liveApplied', runId: 'r1', step: 15, epoch: 0.15, patch: { lr: 0.3 } },
    { type: 'checkpoint', runId: 'r1', checkpoint: checkpointAt(20) },
  ]);
  return { store, sent, controller, config };
}

describe('runs carried on in a new worker', () => {
  it('the page keeps each live run’s latest checkpoint, and drops it when the run ends', () => {
    const { store } = setup();
    expect(store.getState().checkpoints.r1.step).toBe(20);
    applyEvents(store, [{ type: 'checkpoint', runId: 'r1', checkpoint: checkpointAt(40) }, { type: 'checkpoint', runId: 'gone', checkpoint: checkpointAt(5) }]);
    expect(Object.keys(store.getState().checkpoints)).toEqual(['r1']);
    expect(store.getState().checkpoints.r1.step).toBe(40);
    applyEvents(store, [{ type: 'finished', runId: 'r1', reason: 'epochs', step: 100, epoch: 1 }]);
    expect(store.getState().checkpoints).toEqual({});
  });

  it('a replacement worker gets every live run: from its checkpoint with its whole log and the last point the page has, or from step 0', () => {
    const { store, config } = setup();
    applyEvents(store, [{ type: 'finished', runId: 'r3', reason: 'cancelled', step: 0, epoch: 0 }]);
    const restart = restartMessages(store.getState());
    expect(restart.messages).toEqual([
      { type: 'start', runId: 'r1', config, paused: false, resume: { checkpoint: checkpointAt(20), log: [{ step: 15, patch: { lr: 0.3 } }], posted: 20 } },
      { type: 'start', runId: 'r2', config, paused: true, resume: { checkpoint: null, log: [], posted: 0 } },
    ]);
    expect(restartNotice('the test API terminated it', restart)).toBe(
      'The training worker stopped (the test API terminated it); a new one was started: 1 run continues from its last checkpoint, 1 run starts again from step 0 (no checkpoint yet; the numbers come out the same).',
    );
  });

  it('an interrupted run with a checkpoint continues from it; one without cannot', () => {
    const { store, sent, controller, config } = setup();
    store.setState({ runs: store.getState().runs.map((r) => ({ ...r, status: 'interrupted' as const, message: 'the page was closed while it ran' })) });
    const before = sent.length;
    controller.continueRun('r2'); // no checkpoint
    expect(sent.length).toBe(before);
    controller.continueRun('r1');
    expect(sent.at(-1)).toEqual({ type: 'start', runId: 'r1', config, resume: { checkpoint: checkpointAt(20), log: [{ step: 15, patch: { lr: 0.3 } }], posted: 20 } });
    expect(store.getState().runs[0]).toMatchObject({ status: 'starting', message: undefined });
    controller.continueRun('r1'); // once only: it is live now
    expect(sent.length).toBe(before + 1);
  });
});
