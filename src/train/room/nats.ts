/**
 * A room's log on NATS (docs/design.md §13): one JetStream stream per room, in memory,
 * whose sequence is the log's order for every reader, browsers (WebSocket) and Node (TCP)
 * alike. Tested against Debian's nats-server 2.9.10. A record larger than the server's
 * max_payload (a θ snapshot) goes in parts, and is read at the place of its last part.
 *
 * The connection reconnects on its own. While the server is away nothing moves, and a
 * post is tried again (with a message id, so the server keeps it once) until it lands.
 * A server that comes back without the stream (a restart empties memory) starts a new
 * log: the stream is made anew, read from its first record, and the member is told.
 */
import type { NatsConnection } from '@nats-io/nats-core';
import { DeliverPolicy, jetstream, jetstreamManager, type ConsumerMessages } from '@nats-io/jetstream';
import { decodeRecord, encodeRecord } from './codec';
import type { LinkStatus, RoomRecord } from './records';
import type { RoomTransport } from './transport';
import { PartReader, splitParts } from './parts';

/** Room streams keep an hour of records at most (a late joiner needs only those since its snapshot). */
const MAX_AGE_NS = 3600e9;
/** A post that fails (the server away) is tried again after this long (ms). */
const RETRY_MS = 500;

export const streamOf = (room: string) => `ROOM_${room.replaceAll('-', '_')}`;
export const subjectOf = (room: string) => `room.${room}`;

export interface NatsRoom extends RoomTransport {
  /** Stops reading and closes the connection. */
  close(): Promise<void>;
}

/**
 * Joins (or makes) the room's stream on `nc` and reads it from the next record on.
 * Errors go to `onError` with their reason: `fatal` for the connection's end (the member
 * cannot go on), not for a bad record, which is skipped (anyone may write to a subject).
 */
export async function natsRoom(nc: NatsConnection, room: string, onError: (e: Error, fatal: boolean) => void): Promise<NatsRoom> {
  const jsm = await jetstreamManager(nc), js = jetstream(nc);
  const name = streamOf(room), subject = subjectOf(room);
  const ensure = () => jsm.streams.info(name).catch(() => jsm.streams.add({ name, subjects: [subject], storage: 'memory' as never, max_age: MAX_AGE_NS }));
  const bytes = { sent: 0, received: 0 };
  const listeners = new Set<(seq: number, r: RoomRecord) => void>();
  const links = new Set<(s: LinkStatus) => void>();
  const tell = (s: LinkStatus) => links.forEach((l) => l(s));
  const limit = (nc.info?.max_payload ?? 1 << 20) - 256; // room for a part's header
  const tag = Math.random().toString(36).slice(2);
  let closed = false, posts = 0, publishing: Promise<unknown> = Promise.resolve();
  /** The stream's birth, and the reading of it: a new stream is a new log, read by a new generation. */
  let created = '', generation = 0, messages: ConsumerMessages | null = null;

  const read = async (startSeq: number) => {
    const mine = ++generation;
    messages?.stop();
    const parts = new PartReader();
    const consumer = await js.consumers.get(name, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq });
    messages = await consumer.consume();
    (async () => {
      for await (const m of messages!) {
        if (mine !== generation) break;
        bytes.received += m.data.length;
        let record: RoomRecord;
        try {
          const whole = parts.add(m.data);
          if (!whole) continue;
          record = decodeRecord(whole);
        } catch (e) { onError(e as Error, false); continue; }
        for (const l of [...listeners]) l(m.seq, record);
      }
    })().catch((e) => { if (!closed) onError(e as Error, true); });
  };
  const info = await ensure();
  created = info.created;
  await read(info.state.last_seq + 1);

  // The server's comings and goings: a stream born anew while it was away is a new log.
  (async () => {
    for await (const s of nc.status()) {
      if (closed) return;
      if (s.type === 'disconnect') tell({ kind: 'lost', reason: `the room's server ${String((s as { server?: string }).server ?? '')} went away; waiting for it` });
      if (s.type !== 'reconnect') continue;
      const now = await ensure().catch(() => null);
      if (!now) continue; // gone again: the next reconnect tries again
      if (now.created === created) { tell({ kind: 'back' }); continue; }
      created = now.created;
      await read(1);
      tell({ kind: 'reset' });
    }
  })().catch((e) => onError(e as Error, true));
  nc.closed().then((e) => { if (e && !closed) onError(e, true); });

  /** Publishes in order, each until it lands; a post of an older log is dropped when the log starts anew. */
  const publish = (data: Uint8Array) => {
    const id = `${tag}.${posts++}`, mine = generation;
    publishing = publishing.then(async () => {
      while (!closed && mine === generation) {
        try { return await js.publish(subject, data, { msgID: id }); } catch { await new Promise((r) => setTimeout(r, RETRY_MS)); }
      }
    });
  };
  return {
    bytes,
    post(record) {
      const data = encodeRecord(record);
      bytes.sent += data.length;
      for (const part of splitParts(data, limit, `${tag}.${posts}`)) publish(part);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onLink(listener) {
      links.add(listener);
    },
    async close() {
      closed = true;
      messages?.stop();
      await publishing;
      await nc.drain().catch(() => nc.close());
    },
  };
}
