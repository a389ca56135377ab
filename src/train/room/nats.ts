/**
 * A room's log on NATS (docs/design.md §13): one JetStream stream per room, in memory,
 * whose sequence is the log's order for every reader, browsers (WebSocket) and Node (TCP)
 * alike. Tested against Debian's nats-server 2.9.10. A record larger than the server's
 * max_payload (a θ snapshot) goes in parts, and is read at the place of its last part.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { decodeRecord, encodeRecord } from './codec';
import type { RoomRecord } from './log';
import type { RoomTransport } from './transport';

/** Room streams keep an hour of records at most (a late joiner needs only those since its snapshot). */
const MAX_AGE_NS = 3600e9;
/** Bytes a message leaves for its part header under max_payload. */
const HEADER_ROOM = 256;
const PART = 0x50; // 'P': a part of a record, then '{"id","k","n"}\n' and its bytes

export const streamOf = (room: string) => `ROOM_${room.replaceAll('-', '_')}`;
export const subjectOf = (room: string) => `room.${room}`;

export interface NatsRoom extends RoomTransport {
  /** Stops reading and closes the connection. */
  close(): Promise<void>;
}

/**
 * Joins (or makes) the room's stream on `nc` and reads it from the next record on.
 * Errors go to `onError` with their reason: `fatal` for the connection's (the member
 * cannot go on), not for a bad record, which is skipped (anyone may write to a subject).
 */
export async function natsRoom(nc: NatsConnection, room: string, onError: (e: Error, fatal: boolean) => void): Promise<NatsRoom> {
  const jsm = await jetstreamManager(nc);
  const name = streamOf(room), subject = subjectOf(room);
  const info = await jsm.streams.info(name).catch(() => jsm.streams.add({ name, subjects: [subject], storage: 'memory' as never, max_age: MAX_AGE_NS }));
  const js = jetstream(nc);
  const consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: info.state.last_seq + 1 });
  const messages = await consumer.consume();
  const limit = (nc.info?.max_payload ?? 1 << 20) - HEADER_ROOM;
  const bytes = { sent: 0, received: 0 };
  const listeners = new Set<(seq: number, r: RoomRecord) => void>();
  const parts = new Map<string, Uint8Array[]>();
  let publishing: Promise<unknown> = Promise.resolve();
  let partId = 0;
  const tag = Math.random().toString(36).slice(2);

  const deliver = (seq: number, data: Uint8Array) => {
    let record: RoomRecord;
    try { record = decodeRecord(data); } catch (e) { onError(e as Error, false); return; }
    for (const l of [...listeners]) l(seq, record);
  };
  const read = (seq: number, data: Uint8Array) => {
    bytes.received += data.length;
    if (data[0] !== PART) return deliver(seq, data);
    const newline = data.indexOf(10);
    const head = JSON.parse(new TextDecoder().decode(data.subarray(1, newline))) as { id: string; k: number; n: number };
    const got = parts.get(head.id) ?? [];
    got[head.k] = data.subarray(newline + 1);
    parts.set(head.id, got);
    if (got.filter(Boolean).length < head.n) return;
    parts.delete(head.id);
    const whole = new Uint8Array(got.reduce((s, p) => s + p.length, 0));
    got.reduce((o, p) => (whole.set(p, o), o + p.length), 0);
    deliver(seq, whole);
  };
  (async () => {
    for await (const m of messages) read(m.seq, m.data);
  })().catch((e) => onError(e as Error, true));
  nc.closed().then((e) => { if (e) onError(e, true); });

  const publish = (data: Uint8Array) => {
    publishing = publishing.then(() => js.publish(subject, data)).catch((e) => onError(new Error(`posting to room '${room}' failed: ${(e as Error).message}`), true));
  };
  return {
    bytes,
    post(record) {
      const data = encodeRecord(record);
      bytes.sent += data.length;
      if (data.length <= limit) return publish(data);
      const n = Math.ceil(data.length / limit), id = `${tag}.${partId++}`;
      for (let k = 0; k < n; k++) {
        const head = new TextEncoder().encode(`P${JSON.stringify({ id, k, n })}\n`);
        const slice = data.subarray(k * limit, (k + 1) * limit);
        const message = new Uint8Array(head.length + slice.length);
        message.set(head);
        message.set(slice, head.length);
        publish(message);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      messages.stop();
      await publishing;
      await nc.drain().catch(() => nc.close());
    },
  };
}
