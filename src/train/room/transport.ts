/**
 * How a room's log travels (docs/design.md §13). A transport only orders and delivers:
 * BroadcastChannel with a leader tab that numbers the records (./tabs.ts), or a JetStream
 * stream. What the records mean is the log's (./log.ts), the same for every transport.
 */
import type { LinkStatus, RoomRecord } from './records';

export interface RoomTransport {
  /** Appends a record to the room's log; the transport decides its place. */
  post(record: RoomRecord): void;
  /**
   * Every record from now on, in log order, each once, with its place: 1 for the room's
   * first record. Returns the unsubscribe.
   */
  subscribe(listener: (seq: number, record: RoomRecord) => void): () => void;
  /** Bytes this end has posted, and received from the others, for the meter. */
  readonly bytes: { sent: number; received: number };
  /** A server's comings and goings (NATS; the tabs of one browser have no server to lose). */
  onLink?(listener: (status: LinkStatus) => void): void;
}


/** The bytes a record costs on the wire: its numbers at 4 bytes each, plus its fields as text. */
export function recordBytes(record: RoomRecord): number {
  const floats = record.kind === 'coords' ? record.coordinates.length : record.kind === 'snapshot' ? record.theta.length : 0;
  const rest = JSON.stringify(record, (key, v) => (key === 'coordinates' || key === 'theta' || key === 'state' ? undefined : v)).length;
  return floats * 4 + rest + (record.kind === 'snapshot' ? JSON.stringify(record.state, (_, v) => (v instanceof Float32Array ? v.length * 4 : v)).length : 0);
}

/**
 * A room in one process: one array is the log, and each record reaches every subscriber
 * in a later task, in order, as a tab's or a stream's would. For the tests and for rooms
 * of engines in one process.
 */
export function createLocalRoom(): { connect(): RoomTransport; readonly records: readonly RoomRecord[] } {
  const records: RoomRecord[] = [];
  const listeners = new Set<{ deliver(seq: number, r: RoomRecord): void }>();
  return {
    records,
    connect() {
      const bytes = { sent: 0, received: 0 };
      const mine = new WeakSet<RoomRecord>();
      return {
        bytes,
        post(record) {
          bytes.sent += recordBytes(record);
          mine.add(record);
          records.push(record);
          const seq = records.length;
          setTimeout(() => { for (const l of [...listeners]) l.deliver(seq, record); });
        },
        subscribe(listener) {
          const sub = { deliver: (seq: number, r: RoomRecord) => { if (!mine.has(r)) bytes.received += recordBytes(r); listener(seq, r); } };
          listeners.add(sub);
          return () => listeners.delete(sub);
        },
      };
    },
  };
}
