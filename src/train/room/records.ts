/**
 * What a room's log holds and decides (docs/design.md §13): the records members post, the
 * events the log derives from them (./log.ts), and the state it keeps, as plain data that
 * a snapshot carries to joiners.
 */
import type { FieldDifference } from '../../experiment/room';
import type { LiveChange, LivePatch } from '../../experiment/live';

export type RoomRecord =
  /**
   * A request to join, with the joiner's room text (experiment/room.ts) and a nonce to
   * know its answer by. The first hello founds the room: its `quorum` is how many members
   * step 0 waits for (so W members start together, as W workers in one process do), its
   * `deadline` the seconds a member may stay silent in an open step before it is evicted,
   * its `steps` the room's budget, and its `hashEvery` how often θ hashes are compared.
   */
  | { kind: 'hello'; nonce: string; config: string; quorum?: number; deadline?: number; steps?: number; hashEvery?: number }
  /** A member's goodbye, or the leader's finding that it is gone (closed tab, missed deadline). */
  | { kind: 'leave'; member: number; reason: string }
  /** Member m's coordinates (Σd_k numbers) for round `round` of step `step`. */
  | { kind: 'coords'; member: number; step: number; round: number; coordinates: Float32Array }
  /** A live change proposed by a member; it applies from the next step for everyone. */
  | { kind: 'live'; member: number; patch: LivePatch }
  /** Member m's θ hash after `step` steps. */
  | { kind: 'hash'; member: number; step: number; hash: string }
  /**
   * θ after `step` steps, posted with the room's state as of record `at`: for the members
   * entering at `step` (by the step's provider), for the members whose hash parted from
   * the reference's (by the reference), and, as the first record of a stream that a
   * server restart emptied, to found the log anew (`refound`, by its lowest member). At
   * step 0 θ is empty: every member builds θ_0 from the seed.
   */
  | { kind: 'snapshot'; member: number; step: number; at: number; state: RoomState; hash: string; theta: Float32Array; refound?: boolean }
  /** Member m took θ after `step` steps from member `from`'s snapshot; its own θ had drifted this far. */
  | { kind: 'resynced'; member: number; step: number; from: number; maxDrift: number; relDrift: number }
  /** The answer to a hello whose experiment differs, posted by the lowest member. */
  | { kind: 'refusal'; member: number; nonce: string; differences: FieldDifference[] };

export type SnapshotRecord = Extract<RoomRecord, { kind: 'snapshot' }>;

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
  /**
   * Every member that held θ after `step` steps reported its hash. `reference` is the
   * lowest one; the members in `resync` differ from it and take its θ before going on.
   */
  | { kind: 'hashes'; step: number; agree: boolean; hashes: [member: number, hash: string][]; reference: number; resync: number[] }
  /** A snapshot record; `resync` are the members that take θ from it now. */
  | { kind: 'snapshot'; record: SnapshotRecord; resync: number[] }
  | { kind: 'resynced'; member: number; step: number; from: number; maxDrift: number; relDrift: number }
  | { kind: 'rejected'; why: string }
  | { kind: 'done'; step: number }
  /** Not the log's: the transport's news of its server (room/nats.ts). */
  | { kind: 'link'; status: LinkStatus }
  /** The room's log was founded anew, after a server restart, from member `member`'s snapshot after `step` steps. */
  | { kind: 'refounded'; member: number; step: number };

/**
 * `lost`: the server went away, and nothing moves until it is back. `back`: it returned
 * with the room's log intact. `reset`: it returned without it (a restarted server loses
 * a memory stream); the records from now on, numbered from 1, are the room's new log,
 * which its lowest member founds with a snapshot (room/member.ts).
 */
export type LinkStatus = { kind: 'lost'; reason: string } | { kind: 'back' } | { kind: 'reset' };

export interface RoomOptions {
  /** B: samples a member's batch. */
  batch: number;
  /** N: training samples. */
  samples: number;
}

/**
 * The comparison of θ hashes at the start of a step: nobody posts coordinates before
 * every member that held θ reported it, and a member whose θ parted takes the reference's
 * snapshot first. No step can complete meanwhile, so the snapshot is θ of this very step.
 */
export interface HashCheck {
  /** Members whose hash is still to come. */
  awaiting: number[];
  hashes: [member: number, hash: string][];
  /** The members that parted from the reference, until its snapshot is read. */
  resync: number[];
  reference: number | null;
}

export interface OpenStep {
  step: number;
  round: number;
  epoch: number;
  cursor: number;
  members: number[];
  /** Members new at this step, who wait for a snapshot. */
  entering: number[];
  /** Coordinates posted in this round, by member. */
  received: [member: number, coordinates: Float32Array][];
  check: HashCheck | null;
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
  /** θ hashes are compared after every this many steps: the founder's hello's. */
  hashEvery: number;
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

/** Seconds a room waits for a silent member, and steps between hash checks, unless its founder says otherwise. */
export const DEFAULT_DEADLINE = 30, DEFAULT_HASH_EVERY = 10;

export const emptyRoom = (): RoomState => ({
  config: null, quorum: 1, deadline: DEFAULT_DEADLINE, steps: 1, hashEvery: DEFAULT_HASH_EVERY, nextId: 0, joining: [], previous: [], ids: [],
  epoch: 0, cursor: 0, open: null, step: 0, finished: false, live: [],
});
