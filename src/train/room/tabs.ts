/**
 * A room's log between the tabs of one browser (docs/design.md §13): BroadcastChannel for
 * the records, Web Locks for the rest. One tab holds the leader lock and numbers every
 * record it is sent, then broadcasts it; every tab reads the numbered records in order.
 * Each member holds a lock named by its hello's nonce, taken before it says hello, so a
 * closed tab (or a crashed worker) lets go of it at once, and the leader, whichever tab
 * that is by then, writes its leave into the log. When the leader goes, the next
 * tab in the lock's queue takes over where the numbers stopped, and every tab posts again
 * what the old one had not yet numbered. Runs in the training worker: no timers drive the
 * steps, so a hidden tab's throttled timers cannot stall the room.
 */
import type { RoomRecord } from './records';
import { recordBytes, type RoomTransport } from './transport';

type Wire =
  | { type: 'post'; id: string; record: RoomRecord }
  | { type: 'record'; seq: number; id: string; record: RoomRecord }
  /** A new leader, and the last number it has given: unnumbered posts go to it again. */
  | { type: 'leader'; seq: number };

/** How often the leader looks for members whose lock is gone (ms). */
const WATCH_MS = 500;

export interface TabsRoom extends RoomTransport {
  /**
   * Holds the lock of the member whose hello carries `nonce` while this tab lives (resolved
   * once held): its release tells the leader the tab is gone. `present` is the log's
   * members by nonce, as this tab's member reads them, for the watch if this tab leads.
   */
  claim(nonce: string, present: () => readonly [nonce: string, member: number][]): Promise<void>;
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
  let present: () => readonly [string, number][] = () => [];

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

  /**
   * The leader's watch: a member of the log whose lock nobody holds has closed its tab. A
   * tab takes its lock before its hello enters the log, so a member's lock is never late;
   * and a leader that took over sees at once the members that went with the old one.
   */
  const watch = async () => {
    const memberLock = `${prefix}:member:`;
    while (!closed) {
      const state = await navigator.locks.query();
      const held = new Set((state.held ?? []).map((l) => l.name ?? '').filter((n) => n.startsWith(memberLock)).map((n) => n.slice(memberLock.length)));
      for (const [nonce, m] of present()) {
        if (!held.has(nonce)) sequence(`${tab}.gone.${m}`, { kind: 'leave', member: m, reason: 'its tab closed' });
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
    claim(nonce, members) {
      present = members;
      return new Promise<void>((held) => void hold(`${prefix}:member:${nonce}`, held));
    },
    close() {
      closed = true;
      release.splice(0).forEach((r) => r());
      channel.close();
    },
  };
}
