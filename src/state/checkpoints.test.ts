import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../experiment/fields';
import type { Checkpoint } from '../train/protocol';
import { checkStoredCheckpoint, CHECKPOINT_SCHEMA } from './checkpoints';
import type { Run } from './runs-slice';

const run = {
  id: 'r1', createdAt: 1, config: DEFAULT_CONFIG, live: DEFAULT_CONFIG, status: 'interrupted', color: '#000', visible: true,
  marks: [{ step: 40, epoch: 0.5, patch: { lr: 0.3 } }, { step: 90, epoch: 1.1, patch: { d: 12 } }], info: { D: 5 },
} as unknown as Run;
const checkpoint: Checkpoint = {
  step: 60, theta: Float32Array.of(1, 2, 3, 4, 5), cHat: Float32Array.of(0.5, -0.5), anchor: null,
  metrics: { lossSum: 1.5, correct: 3, samples: 4, batches: 1 }, log: [{ step: 40, patch: { lr: 0.3 } }],
};
const good = { schema: CHECKPOINT_SCHEMA, id: 'r1', checkpoint };
const runs = new Map([['r1', run]]);
const skip = (record: unknown) => { const c = checkStoredCheckpoint(record, runs); return 'skip' in c ? c.skip : c; };

describe('stored checkpoints', () => {
  it('keeps one that resumes its run: θ of its model, finite numbers, the first part of its log', () => {
    expect(checkStoredCheckpoint(good, runs)).toEqual({ ok: good });
    expect(checkStoredCheckpoint({ ...good, checkpoint: { ...checkpoint, log: [], theta: Float64Array.of(1, 2, 3, 4, 5) } }, runs)).toEqual({ ok: expect.anything() });
  });

  it('ignores one of no run the page kept (that run was skipped with its own notice)', () => {
    expect(checkStoredCheckpoint({ ...good, id: 'gone' }, runs)).toEqual({ ignore: true });
  });

  it.each([
    [{ ...good, schema: 2 }, /The checkpoint of run 'r1' was stored by another version of the playground \(schema 2, this one reads 1\); skipped: the run and its curve are kept/],
    [{ ...good, checkpoint: null }, /run 'r1' is corrupt in storage \(no checkpoint\)/],
    [{ ...good, checkpoint: { ...checkpoint, step: -1 } }, /its step is not a count/],
    [{ ...good, checkpoint: { ...checkpoint, theta: [1, 2, 3, 4, 5] } }, /its θ is not a list of finite numbers/],
    [{ ...good, checkpoint: { ...checkpoint, theta: Float32Array.of(1, 2, NaN, 4, 5) } }, /its θ is not a list of finite numbers/],
    [{ ...good, checkpoint: { ...checkpoint, theta: Float32Array.of(1, 2, 3) } }, /its θ has 3 parameters, the run's model has 5/],
    [{ ...good, checkpoint: { ...checkpoint, cHat: Float32Array.of(Infinity) } }, /its ĉ is not a list of finite numbers/],
    [{ ...good, checkpoint: { ...checkpoint, cHat: undefined } }, /its ĉ is not a list/],
    [{ ...good, checkpoint: { ...checkpoint, anchor: Float32Array.of(1) } }, /its anchor is not a θ/],
    [{ ...good, checkpoint: { ...checkpoint, metrics: { lossSum: 'x', correct: 0, samples: 0, batches: 0 } } }, /its metric window is not numbers/],
    [{ ...good, checkpoint: { ...checkpoint, log: [{ step: 40, patch: { lr: 0.5 } }] } }, /its live changes are not the run’s/],
    [{ ...good, checkpoint: { ...checkpoint, log: [{ step: 41, patch: { lr: 0.3 } }] } }, /its live changes are not the run’s/],
    [{ ...good, checkpoint: { ...checkpoint, log: [...checkpoint.log, { step: 90, patch: { d: 12 } }] } }, /its live changes are not the run’s/], // after its own step
    [{ ...good, checkpoint: { ...checkpoint, log: [null] } }, /its live changes are not the run’s/],
    [{ ...good, checkpoint: { ...checkpoint, log: 'x' } }, /its live changes are not the run’s/],
    [{ schema: 1 }, /A stored checkpoint is not a record of a run/],
    [7, /not a record/],
  ])('skips a bad one with a notice naming the run: %#', (record, message) => {
    expect(skip(record)).toMatch(message);
  });
});
