/** What a room member (./member.ts) works with: its engine, its options, how its part ends, and its pace. */
import type { LiveChange, LivePatch } from '../../experiment/live';
import type { RoomEvent, RoomOptions } from './records';

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
  /** Overwrites θ, as θ after `step` steps: a resync at the current step, or a log founded anew a step either side. */
  writeTheta(theta: Float32Array, step: number): void;
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
  /** θ hashes are compared after every this many steps, if this member founds the room. */
  hashEvery: number;
  /** Seconds a silent member is waited for, if this member founds the room (log.ts DEFAULT_DEADLINE). */
  deadline?: number;
  /** The room's step budget, if this member founds it. */
  steps: number;
  /** Everything the log decided, for the meter and the page. */
  onEvent?(event: RoomEvent, self: number | null): void;
  /** Awaited after each update this member applied (metrics and evaluations), before the next record. */
  afterStep?(step: number): Promise<void>;
}

/** A member's own pace, for the meter: steps taken, and the time spent computing and waiting for the others. */
export interface MemberStats {
  steps: number;
  computeMs: number;
  waitMs: number;
}
