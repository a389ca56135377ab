import { beforeEach, describe, expect, it } from 'vitest';
import { batchOffset, stepsPerEpoch } from '../../data/order';
import { DEFAULT_CONFIG } from '../../experiment/fields';
import { roomText } from '../../experiment/room';
import { RoomLog } from './log';
import type { RoomEvent, RoomRecord } from './records';

const TEXT = roomText(DEFAULT_CONFIG);
const c = (...xs: number[]) => Float32Array.from(xs);
const coords = (member: number, step: number, round = 0, x = member + 1): RoomRecord => ({ kind: 'coords', member, step, round, coordinates: c(x, -x) });
/** The founder's step budget, in each test's hellos. */
let budget = 20;
/** Hellos found rooms that check θ hashes only where a test asks (hashEvery). */
const hello = (nonce: string, config = TEXT, quorum?: number): RoomRecord => ({ kind: 'hello', nonce, config, quorum, steps: budget, hashEvery: 1000 });
const of = <K extends RoomEvent['kind']>(events: RoomEvent[], kind: K) => events.filter((e): e is Extract<RoomEvent, { kind: K }> => e.kind === kind);

describe('the room log', () => {
  beforeEach(() => { budget = 20; });

  it('lets the first member open step 0 alone, and a later one in from the next step', () => {
    const log = new RoomLog({ batch: 32, samples: 1000 });
    const first = log.apply(hello('a'));
    expect(first).toEqual([
      { kind: 'joined', member: 0, nonce: 'a', from: 0 },
      { kind: 'open', step: 0, round: 0, epoch: 0, members: [0], offsets: [0], entering: [0], provider: 0 },
    ]);
    expect(log.apply(hello('b'))).toEqual([{ kind: 'joined', member: 1, nonce: 'b', from: 1 }]);
    const events = log.apply(coords(0, 0));
    expect(of(events, 'complete')).toEqual([{ kind: 'complete', step: 0, members: [0], rows: [c(1, -1)] }]);
    // Member 1 enters at step 1 and needs θ_1 from member 0, who held step 0.
    expect(of(events, 'open')).toEqual([{ kind: 'open', step: 1, round: 0, epoch: 0, members: [0, 1], offsets: [32, 64], entering: [1], provider: 0 }]);
    expect(log.idOf('b')).toBe(1);
  });

  it('sums in member-id order whatever the arrival order', () => {
    const log = new RoomLog({ batch: 8, samples: 1000 });
    log.apply(hello('a'));
    log.apply(hello('b'));
    log.apply(hello('c'));
    log.apply(coords(0, 0));
    expect(log.apply(coords(2, 1))).toEqual([]);
    expect(log.apply(coords(0, 1))).toEqual([]);
    const [complete] = of(log.apply(coords(1, 1)), 'complete');
    expect(complete.members).toEqual([0, 1, 2]);
    expect(complete.rows).toEqual([c(1, -1), c(2, -2), c(3, -3)]);
  });

  it('restarts an open step without a member that leaves, and ignores coordinates of the old round', () => {
    const log = new RoomLog({ batch: 10, samples: 1000 });
    ['a', 'b', 'c'].forEach((n) => log.apply(hello(n)));
    log.apply(coords(0, 0));
    log.apply(coords(0, 1));
    log.apply(coords(2, 1)); // posted against round 0, whose batches are about to move
    const events = log.apply({ kind: 'leave', member: 1, reason: 'tab closed' });
    expect(events).toEqual([
      { kind: 'left', member: 1, step: 1, reason: 'tab closed' },
      // The cursor after step 0 (one member) is 10; member 2 now takes the batch after member 0's.
      { kind: 'open', step: 1, round: 1, epoch: 0, members: [0, 2], offsets: [10, 20], entering: [2], provider: 0 },
    ]);
    expect(log.apply(coords(1, 1, 0))).toEqual([]); // the evicted member's late post changes nothing
    expect(log.apply(coords(0, 1, 1))).toEqual([]);
    const [complete] = of(log.apply(coords(2, 1, 1)), 'complete');
    expect(complete.members).toEqual([0, 2]);
    expect(log.state.cursor).toBe(30);
  });

  it('waits for its quorum at step 0, then takes every batch where W workers in one process take it, across epochs', () => {
    const B = 7, N = 100, W = 3, steps = 40;
    budget = steps;
    const log = new RoomLog({ batch: B, samples: N });
    const opened: Extract<RoomEvent, { kind: 'open' }>[] = [];
    for (let w = 0; w < W; w++) opened.push(...of(log.apply(hello(`n${w}`, TEXT, W)), 'open'));
    expect(opened.map((o) => o.members)).toEqual([[0, 1, 2]]); // one open, once the third has come
    for (let s = 0; s < steps; s++) for (let w = 0; w < W; w++) opened.push(...of(log.apply(coords(w, s)), 'open'));
    expect(opened.length).toBe(steps);
    const perEpoch = stepsPerEpoch(N, B, W);
    expect(opened.at(-1)!.epoch).toBe(Math.floor((steps - 1) / perEpoch)); // several epochs are crossed
    for (const o of opened) {
      expect(o.epoch).toBe(Math.floor(o.step / perEpoch));
      expect(o.offsets).toEqual([0, 1, 2].map((w) => batchOffset(B, o.step % perEpoch, w, W)));
    }
  });

  it('refuses a joiner whose experiment differs, naming each field, and lets the lowest member answer', () => {
    const log = new RoomLog({ batch: 32, samples: 1000 });
    log.apply(hello('a'));
    log.apply(hello('b'));
    const other = roomText({ ...DEFAULT_CONFIG, d: 100, seed: 7 });
    const [refuse] = log.apply(hello('z', other));
    expect(refuse).toEqual({ kind: 'refuse', nonce: 'z', by: 0, differences: [
      { field: 'd', room: '250', joiner: '100' }, { field: 'seed', room: '1', joiner: '7' },
    ] });
    expect(log.state.nextId).toBe(2); // no id is spent on a refusal
  });

  it('applies a live change from the next step, in the state a snapshot carries', () => {
    const log = new RoomLog({ batch: 32, samples: 1000 });
    log.apply(hello('a'));
    log.apply(coords(0, 0));
    expect(log.apply({ kind: 'live', member: 0, patch: { d: 100 } })).toEqual([{ kind: 'live', member: 0, change: { step: 2, patch: { d: 100 } } }]);
    expect(log.state.live).toEqual([{ step: 2, patch: { d: 100 } }]);
  });

  it('checks θ hashes before anyone posts the step, and mends a parting from the lowest member\'s snapshot of that very step', () => {
    const log = new RoomLog({ batch: 8, samples: 1000 });
    log.apply({ ...hello('a'), hashEvery: 2 } as RoomRecord);
    log.apply(hello('b'));
    log.apply(hello('c'));
    log.apply(coords(0, 0));
    [0, 1, 2].forEach((m) => log.apply(coords(m, 1))); // step 2 opens with a check: all three held θ_2
    expect(log.state.open!.check!.awaiting).toEqual([0, 1, 2]);
    expect(log.apply(coords(1, 2))).toEqual([{ kind: 'rejected', why: 'member 1 posted step 2 before the θ hashes of step 2 were settled' }]);
    expect(log.waitingFor()).toEqual([0, 1, 2]);
    expect(log.apply({ kind: 'hash', member: 2, step: 2, hash: 'y' })).toEqual([]);
    expect(log.apply({ kind: 'hash', member: 0, step: 1, hash: 'x' })).toEqual([]); // not θ of the open step: ignored
    expect(log.apply({ kind: 'hash', member: 0, step: 2, hash: 'x' })).toEqual([]);
    const [hashes] = log.apply({ kind: 'hash', member: 1, step: 2, hash: 'x' });
    expect(hashes).toEqual({ kind: 'hashes', step: 2, agree: false, hashes: [[0, 'x'], [1, 'x'], [2, 'y']], reference: 0, resync: [2] });
    expect([0, 1, 2].map((m) => log.mayPost(m))).toEqual([true, true, false]);
    expect(log.waitingFor()).toEqual([0]); // the reference owes its snapshot
    const snapshot = (member: number): RoomRecord => ({ kind: 'snapshot', member, step: 2, at: 9, state: structuredClone(log.state), hash: 'x', theta: c(1) });
    expect(log.apply(snapshot(1))).toEqual([{ kind: 'snapshot', record: snapshot(1), resync: [] }]); // only the reference's mends
    expect(of(log.apply(snapshot(0)), 'snapshot')[0].resync).toEqual([2]);
    expect(log.mayPost(2)).toBe(true);
    [0, 1].forEach((m) => log.apply(coords(m, 2)));
    expect(of(log.apply(coords(2, 2)), 'complete')).toHaveLength(1);
    expect(log.state.open!.check).toBeNull(); // step 3: no check
  });

  it('settles a check without a member that leaves before its hash, and agrees when the rest agree', () => {
    const log = new RoomLog({ batch: 8, samples: 1000 });
    log.apply({ ...hello('a'), hashEvery: 1 } as RoomRecord);
    log.apply(hello('b'));
    log.apply(hello('c'));
    log.apply(coords(0, 0));
    log.apply({ kind: 'hash', member: 0, step: 1, hash: 'x' });
    [0, 1, 2].forEach((m) => log.apply(coords(m, 1)));
    log.apply({ kind: 'hash', member: 0, step: 2, hash: 'x' });
    log.apply({ kind: 'hash', member: 2, step: 2, hash: 'x' });
    const events = log.apply({ kind: 'leave', member: 1, reason: 'closed' });
    expect(of(events, 'hashes')).toEqual([{ kind: 'hashes', step: 2, agree: true, hashes: [[0, 'x'], [2, 'x']], reference: 0, resync: [] }]);
    expect(log.mayPost(0) && log.mayPost(2)).toBe(true);
  });

  it('ends at its step budget and lets nobody in after', () => {
    budget = 2;
    const log = new RoomLog({ batch: 32, samples: 1000 });
    log.apply(hello('a'));
    log.apply(coords(0, 0));
    expect(of(log.apply(coords(0, 1)), 'done')).toEqual([{ kind: 'done', step: 2 }]);
    expect(log.apply(hello('b'))).toEqual([{ kind: 'rejected', why: 'the room finished its 2 steps' }]);
  });

  it('continues alike from a cloned state (how a joiner starts from a snapshot)', () => {
    const records: RoomRecord[] = [hello('a'), hello('b'), coords(0, 0), coords(1, 1), coords(0, 1), hello('c'), { kind: 'leave', member: 0, reason: 'closed' }, coords(1, 2), coords(1, 2, 1)];
    const whole = new RoomLog({ batch: 5, samples: 40 });
    const head = new RoomLog({ batch: 5, samples: 40 });
    records.slice(0, 4).forEach((r) => { whole.apply(r); head.apply(r); });
    const resumed = new RoomLog({ batch: 5, samples: 40 }, structuredClone(head.state));
    for (const r of records.slice(4)) expect(resumed.apply(r)).toEqual(whole.apply(r));
    expect(resumed.state).toEqual(whole.state);
  });
});
