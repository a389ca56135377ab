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
 */
import { roomDifferences, type FieldDifference } from '../../experiment/room';
import type { LiveChange, LivePatch } from '../../experiment/live';

export type RoomRecord =
  /**
   * A request to join, with the joiner's room text (experiment/room.ts) and a nonce to
   * know its answer by. The first hello founds the room: its `quorum` is how many members
   * step 0 waits for (so W members start together, as W workers in one process do), and
   * its `deadline` the seconds a member may stay silent in an open step before it is
   * evicted, and its `steps` the room's budget.
   */
  | { kind: 'hello'; nonce: string; config: string; quorum?: number; deadline?: number; steps?: number }
  /** A member's goodbye, or the leader's finding that it is gone (closed tab, missed deadline). */
  | { kind: 'leave'; member: number; reason: string }
  /** Member m's coordinates (Σd_k numbers) for round `round` of step `step`. */
  | { kind: 'coords'; member: number; step: number; round: number; coordinates: Float32Array }
  /** A live change proposed by a member; it applies from the next step for everyone. */
  | { kind: 'live'; member: number; patch: LivePatch }
  /** Member m's θ hash after `step` steps. */
  | { kind: 'hash'; member: number; step: number; hash: string }
  /**
   * θ after `step` steps, for the members entering at `step`, posted by the step's
   * provider with the room's state as of record `at` (the one that opened the step): a
   * joiner starts from it and applies the records after `at`. At step 0 θ is empty:
   * every member builds θ_0 from the seed.
   */
  | { kind: 'snapshot'; member: number; step: number; at: number; state: RoomState; hash: string; theta: Float32Array }
  /** The answer to a hello whose experiment differs, posted by the lowest member. */
  | { kind: 'refusal'; member: number; nonce: string; differences: FieldDifference[] };

export type RoomEvent =
  | { kind: 'joined'; member: number; nonce: string; from: number }
  /** A hello to refuse: member `by` (the lowest present) posts the refusal the joiner reads. */
  | { kind: 'refuse'; nonce: string; differences: FieldDifference[]; by: number | null }
  | { kind: 'refused'; nonce: string; differences: FieldDifference[] }
  /**
   * Compute coordinates for step `step`: members[k] takes the batch at offsets[k] of data
   * epoch `epoch`. `entering` members have no θ of this step, nor the room's state, yet:
   * `provider`, the lowest id that held the previous step (at step 0 the founder), posts
   * a snapshot for them (null: nobody holds it).
   */
  | { kind: 'open'; step: number; round: number; epoch: number; members: number[]; offsets: number[]; entering: number[]; provider: number | null }
  /** Apply the update of `step`: rows[k] are members[k]'s coordinates, ascending id. */
  | { kind: 'complete'; step: number; members: number[]; rows: Float32Array[] }
  | { kind: 'left'; member: number; step: number; reason: string }
  /** A live change, for every member from step `step`. */
  | { kind: 'live'; change: LiveChange; member: number }
  /** Two or more members reported θ hashes after `step`; `agree` is whether all match. */
  | { kind: 'hashes'; step: number; agree: boolean; hashes: [member: number, hash: string][] }
  | { kind: 'snapshot'; record: Extract<RoomRecord, { kind: 'snapshot' }> }
  | { kind: 'rejected'; why: string }
  | { kind: 'done'; step: number };

export interface RoomOptions {
  /** B: samples a member's batch. */
  batch: number;
  /** N: training samples. */
  samples: number;
}

interface OpenStep {
  step: number;
  round: number;
  epoch: number;
  cursor: number;
  members: number[];
  /** Members new at this step, who wait for a snapshot. */
  entering: number[];
  /** Coordinates posted in this round, by member. */
  received: [member: number, coordinates: Float32Array][];
}

/** Everything the log has decided, as plain data (structured-cloneable): a snapshot carries it to joiners. */
export interface RoomState {
  /** The room's text: its first member's. */
  config: string | null;
  /** Members step 0 waits for: the founder's hello's. */
  quorum: number;
  /** Seconds a member of an open step may stay silent: the founder's hello's. */
  deadline: number;
  /** Steps the room trains: the founder's hello's. */
  steps: number;
  nextId: number;
  /** Members that join at the next step (or at this one, when none is open). */
  joining: number[];
  /** The members of the last completed step: they hold θ of the open one. */
  previous: number[];
  /** Each present member's hello nonce, so a joiner finds its id in a snapshot's state. */
  ids: [nonce: string, member: number][];
  epoch: number;
  cursor: number;
  open: OpenStep | null;
  /** Steps completed: the open step's index. */
  step: number;
  finished: boolean;
  /** Every live change, at the step it applies from. */
  live: LiveChange[];
}

export const emptyRoom = (): RoomState => ({
  config: null, quorum: 1, deadline: DEFAULT_DEADLINE, steps: 1, nextId: 0, joining: [], previous: [], ids: [], epoch: 0, cursor: 0, open: null, step: 0, finished: false, live: [],
});

/** Seconds a room waits for a silent member unless its founder says otherwise; hash reports are compared over HASH_STEPS recent steps. */
export const DEFAULT_DEADLINE = 30, HASH_STEPS = 64;

export class RoomLog {
  private readonly hashes = new Map<number, Map<number, string>>();

  constructor(private readonly options: RoomOptions, readonly state: RoomState = emptyRoom()) {}

  /** The members of the open step (or of the next, when none is open). */
  get members(): number[] {
    return [...(this.state.open?.members ?? this.state.joining)];
  }

  /** The member id a hello with `nonce` was given, if it is still present. */
  idOf = (nonce: string): number | undefined => this.state.ids.find(([n]) => n === nonce)?.[1];

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
      case 'snapshot': return [{ kind: 'snapshot', record }];
      case 'refusal': return [{ kind: 'refused', nonce: record.nonce, differences: record.differences }];
    }
  }

  private hello({ nonce, config, quorum = 1, deadline = DEFAULT_DEADLINE, steps = 1 }: Extract<RoomRecord, { kind: 'hello' }>): RoomEvent[] {
    const s = this.state;
    if (s.config === null) {
      s.config = config;
      s.quorum = Math.max(1, Math.floor(quorum));
      s.deadline = Math.max(1, deadline);
      s.steps = Math.max(1, Math.floor(steps));
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
    return [left, this.openEvent(open)];
  }

  private coords(member: number, step: number, round: number, c: Float32Array): RoomEvent[] {
    const s = this.state, open = s.open;
    if (!open || step !== open.step || round !== open.round || !open.members.includes(member)) return []; // stale: a restarted round, or a member gone
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

  private hash(member: number, step: number, hash: string): RoomEvent[] {
    const seen = this.hashes.get(step) ?? new Map<number, string>();
    this.hashes.set(step, seen.set(member, hash));
    for (const old of this.hashes.keys()) if (old < step - HASH_STEPS) this.hashes.delete(old);
    if (seen.size < 2) return [];
    const hashes = [...seen.entries()].sort((a, b) => a[0] - b[0]);
    return [{ kind: 'hashes', step, agree: hashes.every(([, h]) => h === hashes[0][1]), hashes }];
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
    s.open = { step: s.step, round: 0, epoch: s.epoch, cursor: s.cursor, members, entering, received: [] };
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
