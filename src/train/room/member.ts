/**
 * One member of a room (docs/design.md §13): it reads the room's log in order, through
 * RoomLog, and does what the log says of it. It posts its coordinates for each step it is
 * a member of, applies every step's update from all members' rows, posts θ snapshots for
 * joiners when it is their provider, and its θ hash where the log checks them. Records
 * are handled one at a time, in log order, whatever the engine's pace; no timer drives
 * it. When the server comes back without the log, the lowest member founds it anew.
 */
import type { LivePatch } from '../../experiment/live';
import { thetaHash } from '../hash';
import { DeadlineWatch } from './deadline';
import { thetaDrift } from './drift';
import { RoomLog } from './log';
import type { LinkStatus, RoomEvent, RoomRecord, SnapshotRecord as Snapshot } from './records';
import type { MemberEnd, MemberOptions, MemberStats, RoomEngine } from './member-api';
import type { RoomTransport } from './transport';

const pick = ({ config, quorum, deadline, steps, hashEvery }: MemberOptions) => ({ config, quorum, deadline, steps, hashEvery });

export class RoomMember {
  /** This member's permanent id, once the log gave one. */
  id: number | null = null;
  /** Its hello's nonce: how the log (and a tab's lock) knows it before it has an id. */
  readonly nonce = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  readonly stats: MemberStats = { steps: 0, computeMs: 0, waitMs: 0 };
  private postedAt = 0;
  private log: RoomLog | null = null;
  /** Records read before this member had the room's state (a joiner waiting for its snapshot). */
  private backlog: [number, RoomRecord][] = [];
  private queue: Promise<void> = Promise.resolve();
  private posted = '';
  /** Live changes of the log already given to the engine. */
  private changes = 0;
  /** The server came back without the log: records are not the room's until one founds it anew. */
  private refounding = false;
  private end!: (end: MemberEnd) => void;
  private fail!: (error: unknown) => void;
  /** How this member's part ends: done, refused or left (evicted). Rejects if the engine fails. */
  readonly finished: Promise<MemberEnd>;
  private unsubscribe: () => void = () => {};
  private readonly deadline: DeadlineWatch;
  /** Once ended, records still queued are not read: the engine may be gone. */
  private over = false;
  constructor(private readonly engine: RoomEngine, private readonly transport: RoomTransport, private readonly options: MemberOptions) {
    this.deadline = new DeadlineWatch(transport, (work) => this.enqueue(work), () => this.id);
    this.finished = new Promise<MemberEnd>((resolve, reject) => { this.end = resolve; this.fail = reject; });
    const stop = () => { this.over = true; this.unsubscribe(); this.deadline.stop(); };
    this.finished.then(stop, stop);
  }

  /** Subscribes (to the log and the server's news), then asks to join. */
  join(): Promise<MemberEnd> {
    this.unsubscribe = this.transport.subscribe((seq, record) => this.enqueue(() => this.read(seq, record)));
    this.transport.onLink?.((status) => this.enqueue(() => this.onLink(status)));
    this.hello();
    return this.finished;
  }

  /** Proposes a live change; it applies for everyone from the step the log names. */
  propose(patch: LivePatch): void {
    if (this.id !== null) this.transport.post({ kind: 'live', member: this.id, patch });
  }

  /** Ends this member's part with an error (its transport failed): `finished` rejects with it. */
  abort = (error: Error): void => this.fail(error);

  /** Says goodbye: the others restart the open step without this member. */
  leave(reason = 'left the room'): void {
    if (this.id !== null) this.transport.post({ kind: 'leave', member: this.id, reason });
    this.end({ kind: 'left', step: this.engine.step, reason });
  }

  /** The members of the open step, for the meter. */
  get members(): number[] {
    return this.log?.members ?? [];
  }

  /** Every present member's hello nonce and id, as this member's log has them (a tab leader's lock watch). */
  present = (): readonly [nonce: string, member: number][] => this.log?.state.ids ?? [];

  private hello(): void {
    this.transport.post({ kind: 'hello', nonce: this.nonce, ...pick(this.options) });
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(() => (this.over ? undefined : work())).catch((e) => this.fail(e));
  }

  private async read(seq: number, record: RoomRecord): Promise<void> {
    if (this.refounding) return record.kind === 'snapshot' && record.refound ? this.refound(record) : undefined;
    if (!this.log) return this.readWithoutState(seq, record);
    for (const event of this.log.apply(record)) await this.handle(event, seq);
    await this.act();
    this.deadline.watch(this.log);
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
    if (record.kind !== 'snapshot' || !this.enter(record)) {
      this.backlog.push([seq, record]);
      return;
    }
    await this.restore(record);
    const after = this.backlog.filter(([s]) => s > record.at);
    this.backlog = [];
    // The records since the state was taken, then the snapshot itself, as every member's log applied them.
    for (const [s, r] of [...after, [seq, record] as const]) await this.read(s, r);
    this.options.onEvent?.({ kind: 'joined', member: this.id!, nonce: this.nonce, from: record.step }, this.id);
    await this.act();
  }

  /** Takes the room's state from a snapshot that names this member; false if it does not. */
  private enter(record: Snapshot): boolean {
    const id = record.state.ids.find(([n]) => n === this.nonce)?.[1];
    if (id === undefined) return false;
    this.id = id;
    this.log = new RoomLog(this.options.room, structuredClone(record.state));
    return true;
  }

  /** A fresh engine takes θ and the live changes from the room's snapshot (none at step 0: θ_0 comes from the seed). */
  private async restore(record: Snapshot): Promise<void> {
    const live = this.log!.state.live;
    this.changes = live.length;
    if (record.step > 0) await this.engine.restoreRoom(record.step, record.theta, live.filter((c) => c.step <= record.step), live.filter((c) => c.step > record.step));
  }

  private async handle(event: RoomEvent, seq: number): Promise<void> {
    const log = this.log!, engine = this.engine;
    if (event.kind === 'joined' && event.nonce === this.nonce) this.id = event.member;
    this.options.onEvent?.(event, this.id);
    switch (event.kind) {
      case 'refuse':
        if (event.by !== null && event.by === this.id) this.transport.post({ kind: 'refusal', member: this.id, nonce: event.nonce, differences: event.differences });
        break;
      case 'open':
        if (event.provider === this.id && event.entering.some((m) => m !== this.id) && engine.step === event.step) await this.postSnapshot(event.step, seq);
        break;
      case 'complete':
        if (this.id === null || !event.members.includes(this.id)) break;
        engine.roomUpdate(event.members, event.rows);
        this.stats.steps++;
        this.stats.waitMs += performance.now() - this.postedAt;
        // The step just opened checks θ: its hash goes before this member's coordinates.
        if (log.state.open?.check?.awaiting.includes(this.id)) this.transport.post({ kind: 'hash', member: this.id, step: engine.step, hash: thetaHash(await engine.readTheta()) });
        await this.options.afterStep?.(engine.step);
        break;
      case 'hashes':
        if (event.reference === this.id && event.resync.length) await this.postSnapshot(event.step, seq);
        break;
      case 'snapshot':
        if (this.id !== null && event.resync.includes(this.id)) await this.resync(event.record);
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
    if (!open || id === null || !open.members.includes(id) || this.engine.step !== open.step || !this.log!.mayPost(id)) return;
    const key = `${open.step}:${open.round}`;
    if (this.posted === key || open.received.some(([m]) => m === id)) return;
    await this.applyChanges(open.step);
    const k = open.members.indexOf(id), started = performance.now();
    const coordinates = await this.engine.roomCoordinates(id, open.epoch, open.cursor + k * this.options.room.batch);
    this.postedAt = performance.now();
    this.stats.computeMs += this.postedAt - started;
    this.posted = key;
    this.transport.post({ kind: 'coords', member: id, step: open.step, round: open.round, coordinates });
  }

  /** θ of `step` with the room's state as of record `at`: for joiners, for the members whose θ parted, or to found the log anew. */
  private async postSnapshot(step: number, at: number, refound?: true): Promise<void> {
    const theta = step === 0 && !refound ? new Float32Array(0) : await this.engine.readTheta();
    this.transport.post({ kind: 'snapshot', member: this.id!, step, at, state: structuredClone(this.log!.state), hash: thetaHash(theta), theta, refound });
  }

  /** This member's θ parted from the reference's: it takes the snapshot's, checked by its hash, and says how far it had drifted. */
  private async resync(record: Snapshot): Promise<void> {
    if (thetaHash(record.theta) !== record.hash) throw new Error(`member ${record.member}'s snapshot of step ${record.step} does not match its own hash`);
    const drift = thetaDrift(await this.engine.readTheta(), record.theta);
    this.engine.writeTheta(record.theta, record.step);
    this.transport.post({ kind: 'resynced', member: this.id!, step: record.step, from: record.member, ...drift });
  }

  /**
   * The server's news. Back without the log: the lowest member founds it anew from its θ
   * and state at once; any other does so after the room's deadline if nobody has (the
   * first founding snapshot in the new log is the one every member takes).
   */
  private async onLink(status: LinkStatus): Promise<void> {
    this.options.onEvent?.({ kind: 'link', status }, this.id);
    if (status.kind !== 'reset') return;
    this.refounding = true;
    this.deadline.stop();
    if (!this.log || this.id === null) return;
    const found = async () => { if (this.refounding && this.log && this.id !== null) await this.postSnapshot(this.engine.step, 0, true); };
    if (this.log.members[0] === this.id) return found();
    setTimeout(() => this.enqueue(found), this.log.state.deadline * 1000);
  }

  /** The new log's first founding snapshot: every member takes its state and θ, and goes on from there. */
  private async refound(record: Snapshot): Promise<void> {
    this.refounding = false;
    const id = this.id;
    if (this.log === null || id === null) {
      // A joiner the old log had not answered: it enters now if the founder had read its hello, else it asks again.
      if (!this.enter(record)) return this.hello();
      await this.restore(record);
    } else if (!record.state.ids.some(([, m]) => m === id)) {
      return this.end({ kind: 'left', step: this.engine.step, reason: `the room's log was founded anew by member ${record.member} without this member` });
    } else {
      this.log = new RoomLog(this.options.room, structuredClone(record.state));
      // Members stand at most a step apart (none can finish a step the others have not posted), and take the founder's θ.
      if (this.engine.step !== record.step || thetaHash(await this.engine.readTheta()) !== record.hash) this.engine.writeTheta(record.theta, record.step);
      // What this member owed the open step and the new log lacks, it posts again.
      const check = this.log.state.open?.check;
      if (check?.awaiting.includes(id)) this.transport.post({ kind: 'hash', member: id, step: record.step, hash: record.hash });
      if (check?.reference === id && check.resync.length) await this.postSnapshot(record.step, 1);
    }
    this.posted = '';
    this.options.onEvent?.({ kind: 'refounded', member: record.member, step: record.step }, this.id);
    await this.act();
    this.deadline.watch(this.log);
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
