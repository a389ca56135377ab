/**
 * One member of a room (docs/design.md §13): it reads the room's log in order, through
 * RoomLog, and does what the log says of it. It posts its coordinates for each step it is
 * a member of, applies every step's update from all members' rows, posts θ snapshots for
 * joiners when it is their provider and θ hashes every `hashEvery` steps. Records are
 * handled one at a time, in log order, whatever the engine's pace; no timer drives it.
 */
import type { LiveChange, LivePatch } from '../../experiment/live';
import { thetaHash } from '../hash';
import { RoomLog, type RoomEvent, type RoomOptions, type RoomRecord } from './log';
import type { RoomTransport } from './transport';

/** What a member trains through: a GPU Trainer (trainer.ts). */
export interface RoomEngine {
  readonly step: number;
  /** This member's Σd_k coordinates at the current step, for its batch at `offset` of data epoch `epoch`; θ is unchanged. */
  roomCoordinates(member: number, epoch: number, offset: number): Promise<Float32Array>;
  /** θ −= η Σ_k rows[k]·φ_{members[k]}, ascending member id; then the step advances. */
  roomUpdate(members: readonly number[], rows: readonly Float32Array[]): void;
  readTheta(): Promise<Float32Array>;
  prepare(patch: LivePatch): Promise<void>;
  setLive(patch: LivePatch): void;
  /** A fresh engine takes θ after `step` steps; `applied` are the changes before it, `later` those still to come. */
  restoreRoom(step: number, theta: Float32Array, applied: readonly LiveChange[], later: readonly LiveChange[]): Promise<void>;
}

export type MemberEnd =
  | { kind: 'done'; step: number }
  | { kind: 'refused'; message: string; fields: string[] }
  | { kind: 'left'; step: number; reason: string };

export interface MemberOptions {
  /** This member's room text (experiment/room.ts). */
  config: string;
  room: RoomOptions;
  /** Members step 0 waits for, if this member founds the room. */
  quorum?: number;
  /** Post θ's hash after every this many steps. */
  hashEvery: number;
  /** Seconds a silent member is waited for, if this member founds the room (log.ts DEFAULT_DEADLINE). */
  deadline?: number;
  /** The room's step budget, if this member founds it. */
  steps: number;
  /** Everything the log decided, for the meter and the page. */
  onEvent?(event: RoomEvent, self: number | null): void;
  /** Awaited after each update this member applied (metrics and evaluations), before the next record. */
  afterStep?(step: number): Promise<void>;
  /** Called once the log gives this member its id (the tabs' member lock). */
  onId?(member: number): void;
}

/** A member's own pace, for the meter: steps taken, and the time spent computing and waiting for the others. */
export interface MemberStats {
  steps: number;
  computeMs: number;
  waitMs: number;
}

export class RoomMember {
  /** This member's permanent id, once the log gave one. */
  id: number | null = null;
  readonly stats: MemberStats = { steps: 0, computeMs: 0, waitMs: 0 };
  private postedAt = 0;
  private log: RoomLog | null = null;
  /** Records read before this member had the room's state (a joiner waiting for its snapshot). */
  private backlog: [number, RoomRecord][] = [];
  private queue: Promise<void> = Promise.resolve();
  private posted = '';
  /** Live changes of the log already given to the engine. */
  private changes = 0;
  private readonly nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private end!: (end: MemberEnd) => void;
  private fail!: (error: unknown) => void;
  /** How this member's part ends: done, refused or left (evicted). Rejects if the engine fails. */
  readonly finished: Promise<MemberEnd>;
  private unsubscribe: () => void = () => {};
  /** The open round the deadline watches, and its timer. */
  private watched = '';
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Once ended, records still queued are not read: the engine may be gone. */
  private over = false;

  constructor(private readonly engine: RoomEngine, private readonly transport: RoomTransport, private readonly options: MemberOptions) {
    this.finished = new Promise<MemberEnd>((resolve, reject) => { this.end = resolve; this.fail = reject; });
    const stop = () => { this.over = true; this.unsubscribe(); clearTimeout(this.timer); };
    this.finished.then(stop, stop);
  }

  /** Subscribes, then asks to join. */
  join(): Promise<MemberEnd> {
    this.unsubscribe = this.transport.subscribe((seq, record) => this.enqueue(() => this.read(seq, record)));
    const { config, quorum, deadline, steps } = this.options;
    this.transport.post({ kind: 'hello', nonce: this.nonce, config, quorum, deadline, steps });
    return this.finished;
  }

  /** Proposes a live change; it applies for everyone from the step the log names. */
  propose(patch: LivePatch): void {
    if (this.id !== null) this.transport.post({ kind: 'live', member: this.id, patch });
  }

  /** Ends this member's part with an error (its transport failed): `finished` rejects with it. */
  abort(error: Error): void {
    this.fail(error);
  }

  /** Says goodbye: the others restart the open step without this member. */
  leave(reason = 'left the room'): void {
    if (this.id !== null) this.transport.post({ kind: 'leave', member: this.id, reason });
    this.end({ kind: 'left', step: this.engine.step, reason });
  }

  private setId(member: number): void {
    this.id = member;
    this.options.onId?.(member);
  }

  /** The members of the open step, for the meter. */
  get members(): number[] {
    return this.log?.members ?? [];
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.over ? undefined : work())).catch((e) => this.fail(e));
  }

  private async read(seq: number, record: RoomRecord): Promise<void> {
    if (!this.log) return this.readWithoutState(seq, record);
    for (const event of this.log.apply(record)) await this.handle(event, seq);
    await this.act();
    this.watch();
  }

  /**
   * The room's deadline: once an open round has waited `deadline` s for a member, the
   * lowest member that did post writes the eviction, so everyone reads it at one place.
   */
  private watch(): void {
    const open = this.log?.state.open;
    const key = open ? `${open.step}:${open.round}` : '';
    if (key === this.watched) return;
    this.watched = key;
    clearTimeout(this.timer);
    if (!open) return;
    this.timer = setTimeout(() => this.enqueue(async () => {
      const now = this.log?.state.open;
      if (!now || `${now.step}:${now.round}` !== key) return;
      const posted = now.received.map(([m]) => m).sort((a, b) => a - b);
      if (posted[0] !== this.id) return;
      for (const m of now.members.filter((m) => !posted.includes(m))) {
        this.transport.post({ kind: 'leave', member: m, reason: `silent past the room's ${this.log!.state.deadline} s deadline at step ${now.step}` });
      }
    }), this.log!.state.deadline * 1000);
  }

  /** Before the room's state is known: found the room, or wait for a refusal or a snapshot. */
  private async readWithoutState(seq: number, record: RoomRecord): Promise<void> {
    const mine = record.kind === 'hello' && record.nonce === this.nonce;
    if (mine && seq === 1) {
      this.log = new RoomLog(this.options.room);
      return this.read(seq, record);
    }
    if (record.kind === 'refusal' && record.nonce === this.nonce) {
      this.end({ kind: 'refused', message: record.differences.map((d) => `${d.field}: room ${d.room}, yours ${d.joiner}`).join('; '), fields: record.differences.map((d) => d.field) });
      return;
    }
    const id = record.kind === 'snapshot' ? record.state.ids.find(([n]) => n === this.nonce)?.[1] : undefined;
    if (record.kind !== 'snapshot' || id === undefined) {
      this.backlog.push([seq, record]);
      return;
    }
    this.setId(id);
    this.log = new RoomLog(this.options.room, structuredClone(record.state));
    const live = this.log.state.live;
    this.changes = live.length;
    if (record.step > 0) await this.engine.restoreRoom(record.step, record.theta, live.filter((c) => c.step <= record.step), live.filter((c) => c.step > record.step));
    const after = this.backlog.filter(([s]) => s > record.at);
    this.backlog = [];
    for (const [s, r] of after) await this.read(s, r);
    this.options.onEvent?.({ kind: 'joined', member: id, nonce: this.nonce, from: record.step }, id);
    await this.act();
  }

  private async handle(event: RoomEvent, seq: number): Promise<void> {
    const log = this.log!, engine = this.engine;
    if (event.kind === 'joined' && event.nonce === this.nonce) this.setId(event.member);
    this.options.onEvent?.(event, this.id);
    switch (event.kind) {
      case 'refuse':
        if (event.by !== null && event.by === this.id) this.transport.post({ kind: 'refusal', member: this.id, nonce: event.nonce, differences: event.differences });
        break;
      case 'open':
        if (event.provider === this.id && event.entering.some((m) => m !== this.id) && engine.step === event.step) {
          const theta = event.step === 0 ? new Float32Array(0) : await engine.readTheta();
          this.transport.post({ kind: 'snapshot', member: this.id!, step: event.step, at: seq, state: structuredClone(log.state), hash: thetaHash(theta), theta });
        }
        break;
      case 'complete':
        if (this.id === null || !event.members.includes(this.id)) break;
        engine.roomUpdate(event.members, event.rows);
        this.stats.steps++;
        this.stats.waitMs += performance.now() - this.postedAt;
        if (engine.step % this.options.hashEvery === 0) this.transport.post({ kind: 'hash', member: this.id, step: engine.step, hash: thetaHash(await engine.readTheta()) });
        await this.options.afterStep?.(engine.step);
        break;
      case 'left':
        if (event.member === this.id) this.end({ kind: 'left', step: event.step, reason: event.reason });
        break;
      case 'done':
        this.end({ kind: 'done', step: event.step });
        break;
    }
  }

  /** Posts this member's coordinates for the open round, once, after the live changes due at its step. */
  private async act(): Promise<void> {
    const open = this.log?.state.open, id = this.id;
    if (!open || id === null || !open.members.includes(id) || this.engine.step !== open.step) return;
    const key = `${open.step}:${open.round}`;
    if (this.posted === key) return;
    await this.applyChanges(open.step);
    const k = open.members.indexOf(id), started = performance.now();
    const coordinates = await this.engine.roomCoordinates(id, open.epoch, open.cursor + k * this.options.room.batch);
    this.postedAt = performance.now();
    this.stats.computeMs += this.postedAt - started;
    this.posted = key;
    this.transport.post({ kind: 'coords', member: id, step: open.step, round: open.round, coordinates });
  }

  private async applyChanges(step: number): Promise<void> {
    const live = this.log!.state.live;
    while (this.changes < live.length && live[this.changes].step <= step) {
      const { patch } = live[this.changes++];
      await this.engine.prepare(patch);
      this.engine.setLive(patch);
    }
  }
}

/** A join or a leave as a line of the log's story ("member 2 left at step 95: its tab closed"); `here` marks this member's own. */
export function memberLine(event: RoomEvent, self: number | null, here: string): string | null {
  if (event.kind === 'joined') return `member ${event.member} joined from step ${event.from}${event.member === self ? ` (${here})` : ''}`;
  if (event.kind === 'left') return `member ${event.member} left at step ${event.step}: ${event.reason}`;
  return null;
}
