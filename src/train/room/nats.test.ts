import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type NatsServer } from '../../test/nats';
import { emptyRoom, type RoomRecord } from './records';
import { natsRoom } from './nats';

// A small max_payload, so that a modest θ needs many parts (the default 1 MB would need a 250k-float θ).
const MAX_PAYLOAD = 4096;
let nats: NatsServer;
beforeAll(async () => { nats = await startNats({ maxPayload: MAX_PAYLOAD }); });
afterAll(() => nats?.stop());

describe('a room on JetStream (Debian nats-server 2.9.10)', () => {
  it('sends a record over max_payload in parts, read whole, in its place, bit for bit', async () => {
    const errors: Error[] = [];
    const [a, b] = await Promise.all([0, 1].map(async () => natsRoom(await connect({ servers: nats.url }), 'parts', (e) => errors.push(e))));
    const got: [number, RoomRecord][] = [];
    b.subscribe((seq, r) => got.push([seq, r]));
    const theta = Float32Array.from({ length: 10_000 }, (_, i) => Math.sin(i) * 1e3);
    a.post({ kind: 'hello', nonce: 'n', config: 'c' });
    a.post({ kind: 'snapshot', member: 0, step: 9, at: 3, state: emptyRoom(), hash: 'h', theta });
    a.post({ kind: 'leave', member: 0, reason: 'after' });
    for (let i = 0; i < 100 && got.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
    expect(errors).toEqual([]);
    expect(got.map(([, r]) => r.kind)).toEqual(['hello', 'snapshot', 'leave']);
    const snapshot = got[1][1] as Extract<RoomRecord, { kind: 'snapshot' }>;
    expect(new Uint8Array(snapshot.theta.buffer)).toEqual(new Uint8Array(theta.buffer));
    // 40 kB of floats in base64 JSON, in parts of under 4 kB: the snapshot is read at its last part's place.
    const parts = got[1][0] - got[0][0];
    expect(parts).toBeGreaterThan(10);
    expect(got[2][0]).toBe(got[1][0] + 1);
    await Promise.all([a.close(), b.close()]);
  });

  it('reports a record no member could have written, and reads on', async () => {
    const errors: [string, boolean][] = [];
    const room = await natsRoom(await connect({ servers: nats.url }), 'hostile', (e, fatal) => errors.push([e.message, fatal]));
    const got: RoomRecord[] = [];
    room.subscribe((_, r) => got.push(r));
    const raw = await connect({ servers: nats.url });
    const { jetstream } = await import('@nats-io/jetstream');
    await jetstream(raw).publish('room.hostile', new TextEncoder().encode('{"kind":"coords","member":"x"}'));
    room.post({ kind: 'leave', member: 1, reason: 'fine' });
    for (let i = 0; i < 100 && got.length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(errors).toEqual([["a coords record's member is not a whole number ≥ 0", false]]); // skipped, not fatal
    expect(got.map((r) => r.kind)).toEqual(['leave']);
    await Promise.all([room.close(), raw.close()]);
  });
});
