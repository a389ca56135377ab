/**
 * A room's log between the tabs of one browser (docs/design.md §13): BroadcastChannel for
 * the records, Web Locks for the rest. One tab holds the leader lock and numbers every
 * record it is sent, then broadcasts it; every tab reads the numbered records in order.
 * Each member holds a lock of its own, so a closed tab (or a crashed worker) lets go of it
 * at once, and the leader writes its leave into the log. When the leader goes, the next
 * tab in the lock's queue takes over where the numbers stopped, and every tab posts again
 * what the old one had not yet numbered. Runs in the training worker: no timers drive the
 * steps, so a hidden tab's throttled timers cannot stall the room.
 */
import type { RoomRecord } from './log';
import { recordBytes, type RoomTransport } from './transport';

type Wire =
  | { type: 'post'; id: string; record: RoomRecord }
  | { type: 'record'; seq: number; id: string; record: RoomRecord }
  /** A new leader, and the last number it has given: unnumbered posts go to it again. */
  | { type: 'leader'; seq: number };

/** How often the leader looks for members whose lock is gone (ms). */
const WATCH_MS = 500;

export interface TabsRoom extends RoomTransport {
  /** Holds member m's lock while this tab lives: its release tells the leader the tab is gone. */
  claim(member: number): void;
  close(): void;
}

export function tabsRoom(room: string): TabsRoom {
  const prefix = `rbp-room:${room}`;
  const channel = new BroadcastChannel(prefix);
  const tab = `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}`;
  const bytes = { sent: 0, received: 0 };
  const listeners = new Set<(seq: number, r: RoomRecord) => void>();
  /** This tab's posts the log does not have yet, by id. */
  const unsent = new Map<string, RoomRecord>();
  /** Numbered records that arrived ahead of their turn. */
  const early = new Map<number, { id: string; record: RoomRecord }>();
  const seen = new Set<string>();
  let delivered = 0, posts = 0, leading = false, closed = false, started = false;
  const release: (() => void)[] = [];
  const claimed = new Set<number>();

  const deliver = (seq: number, id: string, record: RoomRecord) => {
    // A tab that opens a room in progress reads it from the first record it is sent (BroadcastChannel keeps the leader's order).
    if (!started) {
      started = true;
      delivered = seq - 1;
    }
    if (seq <= delivered) return;
    early.set(seq, { id, record });
    for (let next = early.get(delivered + 1); next; next = early.get(delivered + 1)) {
      early.delete(++delivered);
      seen.add(next.id);
      unsent.delete(next.id);
      if (!next.id.startsWith(tab)) bytes.received += recordBytes(next.record);
      for (const l of [...listeners]) l(delivered, next.record);
    }
  };
  /** The leader numbers a post once (a post sent again after a change of leader keeps its id). */
  const sequence = (id: string, record: RoomRecord) => {
    if (seen.has(id)) return;
    const seq = delivered + early.size + 1;
    seen.add(id);
    channel.postMessage({ type: 'record', seq, id, record } satisfies Wire);
    deliver(seq, id, record);
  };
  const send = (id: string, record: RoomRecord) => {
    if (leading) sequence(id, record);
    else channel.postMessage({ type: 'post', id, record } satisfies Wire);
  };

  channel.onmessage = (e: MessageEvent<Wire>) => {
    const m = e.data;
    if (m.type === 'record') deliver(m.seq, m.id, m.record);
    else if (m.type === 'post' && leading) sequence(m.id, m.record);
    else if (m.type === 'leader') for (const [id, r] of unsent) send(id, r);
  };

  const hold = (name: string, onHeld: () => void) => navigator.locks.request(name, () => new Promise<void>((resolve) => {
    if (closed) return resolve();
    release.push(resolve);
    onHeld();
  }));

  /** The leader's watch: a member whose lock was held and is no longer has closed its tab. */
  const watch = async () => {
    const held = new Set<number>();
    while (!closed) {
      const state = await navigator.locks.query();
      const now = new Set((state.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(`${prefix}:member:`)).map((n) => Number(n.slice(prefix.length + 8))));
      for (const m of now) held.add(m);
      for (const m of [...held]) {
        if (now.has(m)) continue;
        held.delete(m);
        sequence(`${tab}.gone.${m}`, { kind: 'leave', member: m, reason: 'its tab closed' });
      }
      await new Promise((r) => setTimeout(r, WATCH_MS));
    }
  };

  void hold(`${prefix}:leader`, () => {
    leading = true;
    channel.postMessage({ type: 'leader', seq: delivered } satisfies Wire);
    for (const [id, r] of unsent) sequence(id, r);
    void watch();
  });

  return {
    bytes,
    post(record) {
      const id = `${tab}.${posts++}`;
      bytes.sent += recordBytes(record);
      unsent.set(id, record);
      send(id, record);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    claim(member) {
      if (claimed.has(member)) return;
      claimed.add(member);
      void hold(`${prefix}:member:${member}`, () => {});
    },
    close() {
      closed = true;
      release.splice(0).forEach((r) => r());
      channel.close();
    },
  };
}
