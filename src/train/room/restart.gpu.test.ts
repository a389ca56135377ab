/**
 * A room through a real nats-server that restarts mid-run (docs/design.md §13): the
 * restart empties the room's memory stream, the members pause until the server is back,
 * the lowest member writes the log anew from its snapshot, and the run goes on. Nothing is
 * lost or silently wrong: the final θ is bit for bit that of W = 3 workers in one process.
 */
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSynthetic } from '../../data/synthetic';
import { DEFAULT_CONFIG } from '../../experiment/fields';
import { roomText } from '../../experiment/room';
import { mlp } from '../../nn/model';
import { withDevice } from '../../test/gpu';
import { startNats, type NatsServer } from '../../test/nats';
import { thetaHash } from '../hash';
import type { RunConfig } from '../run-config';
import { Trainer } from '../trainer';
import type { RoomEvent } from './records';
import { RoomMember } from './member';
import { natsRoom, type NatsRoom } from './nats';

const spiral = generateSynthetic('spiral', 7, { classes: 3, train: 600, test: 300 });
const config: RunConfig = {
  arch: mlp([16], 'tanh', 3), method: 'rbd', d: 8, redraw: 1, dist: 'normal', compartments: 'network',
  alloc: 'proportional', lr: 1, batch: 20, seed: 4, workers: 1,
};
const STEPS = 40, RESTART_AT = 15;

let nats: NatsServer;
beforeAll(async () => { nats = await startNats(); });
afterAll(() => nats?.stop());

describe('a room whose server restarts', () => {
  it('pauses, is written anew by its lowest member, and ends with θ bit for bit that of W = 3 in one process', () =>
    withDevice(async ({ device }) => {
      const events: RoomEvent[][] = [[], [], []];
      let restarted: Promise<void> | null = null;
      const links: NatsRoom[] = [];
      const members = await Promise.all([0, 1, 2].map(async (k) => {
        const engine = await Trainer.create(device, spiral, config, 8);
        const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 200 });
        let member: RoomMember | null = null;
        const link = await natsRoom(nc, 'restart', (e, fatal) => { if (fatal) member?.abort(e); });
        links.push(link);
        member = new RoomMember(engine, link, {
          config: roomText({ ...DEFAULT_CONFIG, d: 8, seed: 4, batch: 20, steps: STEPS }), room: { batch: 20, samples: 600 }, quorum: 3,
          steps: STEPS, hashEvery: 10, deadline: 20, onEvent: (e) => events[k].push(e),
          // The restart happens while the room runs, between one member's steps.
          afterStep: async (step) => { if (k === 1 && step === RESTART_AT) restarted ??= nats.restart(); },
        });
        return { engine, member };
      }));
      const ends = await Promise.all(members.map((m) => m.member.join()));
      await restarted;
      const founding = events[0].find((e) => e.kind === 'refounded');
      console.log(`restart at step ${RESTART_AT}: ${JSON.stringify(founding)}; link events ${events.map((l) => l.filter((e) => e.kind === 'link').map((e) => e.kind === 'link' && e.status.kind).join('/')).join(', ')}`);
      expect(ends.map((e) => e.kind)).toEqual(['done', 'done', 'done']);
      const together = await Trainer.create(device, spiral, { ...config, workers: 3 });
      for (let t = 0; t < STEPS; t++) together.runStep();
      const expected = thetaHash(await together.readTheta());
      for (const m of members) expect(thetaHash(await m.engine.readTheta())).toBe(expected);
      for (const log of events) {
        const kinds = log.filter((e) => e.kind === 'link').map((e) => e.kind === 'link' && e.status.kind);
        expect(kinds).toContain('lost');
        expect(kinds).toContain('reset');
        // Every member took the same founding snapshot: member 0's, from the steps after the restart began (the server takes a moment to go).
        const refounded = log.filter((e) => e.kind === 'refounded');
        expect(refounded).toHaveLength(1);
        expect(refounded[0]).toMatchObject({ member: 0 });
        expect(refounded[0].kind === 'refounded' && refounded[0].step).toBeGreaterThanOrEqual(RESTART_AT);
        expect(refounded[0].kind === 'refounded' && refounded[0].step).toBeLessThan(STEPS);
      }
      await Promise.all(links.map((l) => l.close()));
      [...members.map((m) => m.engine), together].forEach((e) => e.destroy());
    }), 120_000);
});
