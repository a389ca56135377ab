import { describe, expect, it } from 'vitest';
import { withDevice } from '../../test/gpu';
import { generateSynthetic } from '../../data/synthetic';
import { DEFAULT_CONFIG } from '../../experiment/fields';
import { roomText } from '../../experiment/room';
import { mlp } from '../../nn/model';
import { thetaHash } from '../hash';
import { Trainer } from '../trainer';
import type { RunConfig } from '../run-config';
import type { RoomEvent } from './records';
import { RoomMember } from './member';
import type { MemberOptions } from './member-api';
import { createLocalRoom } from './transport';

// The spiral and a 2-16-16-3 tanh MLP (D = 371): small enough for several engines on SwiftShader.
const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const config: RunConfig = {
  arch: mlp([16, 16], 'tanh', 3), method: 'rbd', d: 12, redraw: 1, dist: 'normal', compartments: 'network',
  alloc: 'proportional', lr: 1, batch: 20, seed: 3, workers: 1,
};
const STEPS = 40;
const SLOTS = 8;
const text = (patch = {}) => roomText({ ...DEFAULT_CONFIG, d: 12, seed: 3, batch: 20, steps: STEPS, ...patch });

function member(device: GPUDevice, room: ReturnType<typeof createLocalRoom>, events: RoomEvent[][], extra: Partial<MemberOptions> = {}) {
  return Trainer.create(device, spiral, config, SLOTS).then((engine) => {
    const log: RoomEvent[] = [];
    events.push(log);
    const options: MemberOptions = { config: text(), room: { batch: 20, samples: 600 }, steps: STEPS, hashEvery: 10, onEvent: (e) => log.push(e), ...extra };
    return { engine, member: new RoomMember(engine, room.connect(), options) };
  });
}

describe('a room of engines that exchange only coordinates (docs/design.md §13)', () => {
  it('three members hold bitwise identical θ, equal to W = 3 workers in one process, and agree on every hash', () =>
    withDevice(async ({ device }) => {
      const room = createLocalRoom(), events: RoomEvent[][] = [];
      const members = await Promise.all([0, 1, 2].map(() => member(device, room, events, { quorum: 3 })));
      const ends = await Promise.all(members.map((m) => m.member.join()));
      expect(ends).toEqual([0, 1, 2].map(() => ({ kind: 'done', step: STEPS })));
      const thetas = await Promise.all(members.map((m) => m.engine.readTheta()));
      const together = await Trainer.create(device, spiral, { ...config, workers: 3 });
      for (let t = 0; t < STEPS; t++) together.runStep();
      const expected = await together.readTheta();
      const initial = await (await Trainer.create(device, spiral, config)).readTheta();
      for (const theta of thetas) expect(thetaHash(theta)).toBe(thetaHash(expected));
      expect(expected).not.toEqual(initial); // it trained
      const hashes = events[0].filter((e) => e.kind === 'hashes' && e.hashes.length === 3);
      // Steps 10, 20 and 30; a member stops reading at the end, before the others' hashes of step 40 (θ is compared above).
      expect(hashes.map((e) => e.kind === 'hashes' && [e.step, e.agree])).toEqual([[10, true], [20, true], [30, true]]);
      // Only coordinates crossed: each member sent 12 floats a step, and a few small records.
      const coords = room.records.filter((r) => r.kind === 'coords');
      expect(coords.length).toBe(3 * STEPS);
      expect(coords.every((r) => r.kind === 'coords' && r.coordinates.length === 12)).toBe(true);
      [...members.map((m) => m.engine), together].forEach((e) => e.destroy());
    }));

  it('carries on without a member that leaves mid-run, lets a late one in with one snapshot, and applies a live change for all at one step', () =>
    withDevice(async ({ device }) => {
      const room = createLocalRoom(), events: RoomEvent[][] = [];
      const [a, b, c] = await Promise.all([0, 1, 2].map(() => member(device, room, events, { quorum: 3 })));
      const runs = [a, b, c].map((m) => m.member.join());
      const at = (m: typeof a, step: number) => new Promise<void>((resolve) => {
        const poll = () => (m.engine.step >= step ? resolve() : setTimeout(poll, 5));
        poll();
      });
      await at(b, 12);
      b.member.leave('closed');
      a.member.propose({ lr: 0.5 });
      await at(a, 20);
      const late = await member(device, room, events);
      const ends = await Promise.all([runs[0], runs[2], late.member.join()]);
      expect(ends.map((e) => e.kind)).toEqual(['done', 'done', 'done']);
      const hashes = await Promise.all([a, c, late].map(async (m) => thetaHash(await m.engine.readTheta())));
      expect(new Set(hashes).size).toBe(1);
      const left = events[0].find((e) => e.kind === 'left');
      expect(left).toMatchObject({ member: 1, reason: 'closed' });
      // Step 0's gives the state alone (θ_0 comes from the seed); the late joiner's carries θ, once.
      const snapshots = room.records.filter((r) => r.kind === 'snapshot');
      expect(snapshots.map((r) => r.kind === 'snapshot' && [r.step, r.theta.length])).toEqual([[0, 0], [expect.any(Number), 371]]);
      // The change applied at one step, the same in every engine's log, the joiner's included.
      expect(a.engine.log).toHaveLength(1);
      for (const m of [c, late]) expect(m.engine.log).toEqual(a.engine.log);
      expect(late.member.id).toBe(3); // ids are never reused
      // b's leave restarted the open step; a restarted round's loss still counts once, so a's window holds one batch a step.
      expect(events[0].some((e) => e.kind === 'open' && e.round > 0)).toBe(true);
      expect((await a.engine.readTrainMetrics()).batches).toBe(STEPS);
      [a, b, c, late].forEach((m) => m.engine.destroy());
    }));

  it('finds a member whose θ parted at the next check, names the step, and resyncs it from the lowest member\'s snapshot', () =>
    withDevice(async ({ device }) => {
      const room = createLocalRoom(), events: RoomEvent[][] = [];
      // Member 2's θ is knocked off by 1e-3 in one entry after step 13, as a GPU that rounds differently would drift.
      const knock = { engine: null as Trainer | null };
      const afterStep = async (step: number) => {
        if (step !== 13 || !knock.engine) return;
        const theta = await knock.engine.readTheta();
        theta[5] += 1e-3;
        knock.engine.writeTheta(theta);
      };
      const [a, b] = await Promise.all([0, 1].map(() => member(device, room, events, { quorum: 3 })));
      const c = await member(device, room, events, { quorum: 3, afterStep });
      knock.engine = c.engine;
      const ends = await Promise.all([a, b, c].map((m) => m.member.join()));
      expect(ends.map((e) => e.kind)).toEqual(['done', 'done', 'done']);
      const hashes = await Promise.all([a, b, c].map(async (m) => thetaHash(await m.engine.readTheta())));
      expect(new Set(hashes).size).toBe(1);
      const checks = events[0].filter((e) => e.kind === 'hashes').map((e) => e.kind === 'hashes' && [e.step, e.agree, e.resync]);
      expect(checks).toEqual([[10, true, []], [20, false, [2]], [30, true, []]]);
      const resynced = events[1].find((e) => e.kind === 'resynced');
      expect(resynced).toMatchObject({ member: 2, step: 20, from: 0 });
      // The knock, carried unchanged by 7 updates that every member applied alike (f32 rounding of θ + δ moves it by < 1e-6).
      expect(resynced!.kind === 'resynced' && Math.abs(resynced!.maxDrift - 1e-3)).toBeLessThan(1e-6);
      expect(room.records.filter((r) => r.kind === 'snapshot').map((r) => r.kind === 'snapshot' && [r.member, r.step])).toEqual([[0, 0], [0, 20]]);
      [a, b, c].forEach((m) => m.engine.destroy());
    }));

  it('refuses a joiner whose experiment differs, naming the fields', () =>
    withDevice(async ({ device }) => {
      const room = createLocalRoom(), events: RoomEvent[][] = [];
      const a = await member(device, room, events);
      const running = a.member.join();
      await new Promise((r) => setTimeout(r, 20));
      const other = await member(device, room, events, { config: text({ d: 100, lr: 0.2 }) });
      const end = await other.member.join();
      expect(end).toMatchObject({ kind: 'refused', fields: ['d', 'lr'] });
      expect(end.kind === 'refused' && end.message).toBe('d: room 12, yours 100; lr: room 1, yours 0.2');
      expect((await running).kind).toBe('done');
      [a, other].forEach((m) => m.engine.destroy());
    }));
});
