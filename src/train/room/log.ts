/**
 * A room's ordered log (docs/design.md §13), as a pure reducer: every member feeds it the
 * same records in the same order (a tab leader's sequence numbers, a JetStream stream)
 * and so derives the same membership, batches and updates at the same steps. Nothing
 * here reads a clock: a deadline is the leader's to judge, and it enters the log as an
 * evict record like any other fact.
 *
 * A step s opens with the members known when s − 1 completed (its "round" counts
 * restarts). Member m's batch is the one at the room's sample cursor plus its rank times
 * B. The step completes when every member of the round has posted coordinates; the
 * update sums them in ascending member id. A member that leaves an open step restarts
 * it with the rest (round + 1): their batches moved, so every member posts again, and θ
 * is untouched because no update was applied. Joins and live changes take effect from
 * the next step, which no member can have begun: nobody posts for s + 1 before s
 * completes, and s completes after the record in log order.
 *
 * Every `hashEvery` steps the step opens with a check: the members that hold θ post its
 * hash before their coordinates, and nobody posts coordinates until all hashes are in.
 * A member whose hash differs from the lowest member's takes that member's snapshot of
 * θ, of this very step (no step can complete while it waits), and reports its drift.
 */
import { roomDifferences } from '../../experiment/room';
import { DEFAULT_DEADLINE, DEFAULT_HASH_EVERY, emptyRoom, type HashCheck, type OpenStep, type RoomEvent, type RoomOptions, type RoomRecord, type RoomState, type SnapshotRecord } from './records';

export class RoomLog {
  constructor(private readonly options: RoomOptions, readonly state: RoomState = emptyRoom()) {}

  /** The members of the open step (or of the next, when none is open). */
  get members(): number[] {
    return [...(this.state.open?.members ?? this.state.joining)];
  }

  /** The member id a hello with `nonce` was given, if it is still present. */
  idOf = (nonce: string): number | undefined => this.state.ids.find(([n]) => n === nonce)?.[1];

  /** Whether member m may post coordinates for the open round now: not before the hash check is settled for it. */
  mayPost(member: number): boolean {
    const check = this.state.open?.check;
    return !check || (!check.awaiting.length && !check.resync.includes(member));
  }

  /** The members the open step waits on (for the deadline): hashes still due, a reference's snapshot, or coordinates. */
  waitingFor(): number[] {
    const open = this.state.open;
    if (!open) return [];
    if (open.check?.awaiting.length) return [...open.check.awaiting];
    if (open.check?.resync.length) return [open.check.reference!];
    return open.members.filter((m) => !open.received.some(([r]) => r === m));
  }

  apply(record: RoomRecord): RoomEvent[] {
    switch (record.kind) {
      case 'hello': return this.hello(record);
      case 'leave': return this.leave(record.member, record.reason);
      case 'coords': return this.coords(record.member, record.step, record.round, record.coordinates);
      case 'live': {
        if (this.state.finished) return [];
        const change = { step: this.state.step + 1, patch: record.patch };
        this.state.live.push(change);
        return [{ kind: 'live', change, member: record.member }];
      }
      case 'hash': return this.hash(record.member, record.step, record.hash);
      case 'snapshot': return [{ kind: 'snapshot', record, resync: this.resyncFrom(record) }];
      case 'resynced': return [{ ...record }];
      case 'refusal': return [{ kind: 'refused', nonce: record.nonce, differences: record.differences }];
    }
  }

  private hello({ nonce, config, quorum = 1, deadline = DEFAULT_DEADLINE, steps = 1, hashEvery = DEFAULT_HASH_EVERY }: Extract<RoomRecord, { kind: 'hello' }>): RoomEvent[] {
    const s = this.state;
    if (s.config === null) {
      s.config = config;
      s.quorum = Math.max(1, Math.floor(quorum));
      s.deadline = Math.max(1, deadline);
      s.steps = Math.max(1, Math.floor(steps));
      s.hashEvery = Math.max(1, Math.floor(hashEvery));
    }
    const differences = roomDifferences(s.config, config);
    // Judged by every reader alike; the lowest member posts it for the joiner, who has no state to judge by.
    if (differences.length) return [{ kind: 'refuse', nonce, differences, by: this.members[0] ?? null }];
    if (s.finished) return [{ kind: 'rejected', why: `the room finished its ${s.steps} steps` }];
    const member = s.nextId++;
    s.ids.push([nonce, member]);
    s.joining.push(member);
    if (s.open?.members.length) return [{ kind: 'joined', member, nonce, from: s.step + 1 }];
    const joined: RoomEvent = { kind: 'joined', member, nonce, from: s.step };
    if (s.step === 0 && s.joining.length < s.quorum) return [joined];
    // Nobody is computing: the joiner opens the step at once (θ_0 from the seed, or a snapshot).
    return [joined, this.openStep()];
  }

  private leave(member: number, reason: string): RoomEvent[] {
    const s = this.state;
    const left: RoomEvent = { kind: 'left', member, step: s.step, reason };
    s.ids = s.ids.filter(([, m]) => m !== member);
    if (s.joining.includes(member)) {
      s.joining = s.joining.filter((m) => m !== member);
      return [left];
    }
    const open = s.open;
    if (!open || !open.members.includes(member)) return [];
    open.members = open.members.filter((m) => m !== member);
    open.entering = open.entering.filter((m) => m !== member);
    if (!open.members.length) {
      s.open = null;
      return s.joining.length ? [left, this.openStep()] : [left];
    }
    open.round++;
    open.received = [];
    const events: RoomEvent[] = [left, this.openEvent(open)];
    const check = open.check;
    if (check) {
      check.awaiting = check.awaiting.filter((m) => m !== member);
      check.resync = check.resync.filter((m) => m !== member);
      // Without its reference a parting cannot be mended this step: it stays reported, and the next check compares again.
      if (check.reference === member) check.resync = [];
      if (!check.awaiting.length && check.reference === null) events.push(...this.compare(open));
    }
    return events;
  }

  private coords(member: number, step: number, round: number, c: Float32Array): RoomEvent[] {
    const s = this.state, open = s.open;
    if (!open || step !== open.step || round !== open.round || !open.members.includes(member)) return []; // stale: a restarted round, or a member gone
    if (!this.mayPost(member)) return [{ kind: 'rejected', why: `member ${member} posted step ${step} before the θ hashes of step ${step} were settled` }];
    if (open.received.some(([m]) => m === member)) return [{ kind: 'rejected', why: `member ${member} posted step ${step} twice` }];
    const first = open.received[0]?.[1];
    if (first && first.length !== c.length) return [{ kind: 'rejected', why: `member ${member} posted ${c.length} coordinates for step ${step}, the others ${first.length}` }];
    open.received.push([member, c]);
    if (open.received.length < open.members.length) return [];
    const rows = open.members.map((m) => open.received.find(([id]) => id === m)![1]);
    const complete: RoomEvent = { kind: 'complete', step: open.step, members: [...open.members], rows };
    s.cursor = open.cursor + open.members.length * this.options.batch;
    s.step = open.step + 1;
    s.previous = open.members;
    s.joining = [...open.members, ...s.joining].sort((a, b) => a - b);
    s.open = null;
    if (s.step >= s.steps) {
      s.finished = true;
      return [complete, { kind: 'done', step: s.step }];
    }
    return [complete, this.openStep()];
  }

  /** A hash counts only where the open step's check awaits it: θ after exactly `step` steps, from a member that held it. */
  private hash(member: number, step: number, hash: string): RoomEvent[] {
    const open = this.state.open, check = open?.check;
    if (!open || !check || step !== open.step || !check.awaiting.includes(member)) return [];
    check.awaiting = check.awaiting.filter((m) => m !== member);
    check.hashes.push([member, hash]);
    return check.awaiting.length ? [] : this.compare(open);
  }

  /** Every hash is in: the lowest member's θ is the reference, and those that differ take its snapshot. */
  private compare(open: OpenStep): RoomEvent[] {
    const check = open.check!;
    const hashes = [...check.hashes].sort((a, b) => a[0] - b[0]);
    if (hashes.length < 2) return [];
    const [reference, expected] = hashes[0];
    check.reference = reference;
    check.resync = hashes.filter(([, h]) => h !== expected).map(([m]) => m);
    return [{ kind: 'hashes', step: open.step, agree: !check.resync.length, hashes, reference, resync: [...check.resync] }];
  }

  /** The members a snapshot mends: those that parted, when it is the reference's θ of the open step. */
  private resyncFrom(record: SnapshotRecord): number[] {
    const open = this.state.open, check = open?.check;
    if (!open || !check?.resync.length || record.refound || record.step !== open.step || record.member !== check.reference) return [];
    const resync = check.resync;
    check.resync = [];
    return resync;
  }

  /** Opens the next step with the members joining it; a new data epoch starts where its batches do not fit. */
  private openStep(): RoomEvent {
    const s = this.state;
    const members = [...s.joining].sort((a, b) => a - b);
    s.joining = [];
    if (s.cursor + members.length * this.options.batch > this.options.samples) {
      s.epoch++;
      s.cursor = 0;
    }
    const entering = members.filter((m) => !s.previous.includes(m));
    const holders = members.filter((m) => s.previous.includes(m));
    const check: HashCheck | null = s.step % s.hashEvery === 0 && holders.length >= 2 ? { awaiting: holders, hashes: [], resync: [], reference: null } : null;
    s.open = { step: s.step, round: 0, epoch: s.epoch, cursor: s.cursor, members, entering, received: [], check };
    return this.openEvent(s.open);
  }

  private openEvent(open: OpenStep): RoomEvent {
    const B = this.options.batch;
    // At step 0 nobody held a step: the founder (the lowest id, with the state from the first record) provides.
    const provider = open.members.find((m) => this.state.previous.includes(m)) ?? (open.step === 0 ? open.members[0] : null);
    return { kind: 'open', step: open.step, round: open.round, epoch: open.epoch, members: [...open.members],
      offsets: open.members.map((_, k) => open.cursor + k * B), entering: [...open.entering], provider };
  }
}
