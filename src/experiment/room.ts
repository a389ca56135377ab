/**
 * What members of a room must agree on (docs/design.md §13): the fields a run's numbers
 * and its length depend on. A joiner sends them as text, so a refusal can name every
 * field that differs; a hash alone could not. `workers` is not among them: in a room
 * each member is one worker and the room's membership is W. Pure TS.
 */
import { stepsPerEpoch } from '../data/order';
import { FIELDS, type ConfigKey, type ExperimentConfig, type FieldSpec } from './fields';
import { stepBudget } from './run';

export const ROOM_KEYS = ['dataset', 'arch', 'method', 'd', 'redraw', 'dist', 'compartments', 'alloc', 'lr', 'batch', 'seed', 'epochs', 'steps'] as const satisfies readonly ConfigKey[];

/** The room's canonical text of an experiment: its ROOM_KEYS in table order. */
export function roomText(config: ExperimentConfig): string {
  return ROOM_KEYS.map((k) => `${k}=${(FIELDS[k] as FieldSpec<unknown>).format(config[k])}`).join('&');
}

export interface FieldDifference {
  field: string;
  room: string;
  joiner: string;
}

/** The fields whose values differ between two room texts (the room's first, the joiner's second). */
export function roomDifferences(room: string, joiner: string): FieldDifference[] {
  const a = new URLSearchParams(room), b = new URLSearchParams(joiner);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys.filter((k) => a.get(k) !== b.get(k)).map((k) => ({ field: k, room: a.get(k) ?? '(missing)', joiner: b.get(k) ?? '(missing)' }));
}

/** One sentence for a refusal: "this experiment differs from the room's in d (room 250, yours 100) and seed (…)". */
export const describeDifferences = (diffs: readonly FieldDifference[]): string =>
  `this experiment differs from the room's in ${diffs.map((d) => `${d.field} (room ${d.room}, yours ${d.joiner})`).join(', ')}`;

/** Why `config` cannot train in a room, naming the field, or null: a member is one worker of a subspace method. */
export function roomProblem(config: Pick<ExperimentConfig, 'method' | 'workers'>): { field: 'method' | 'workers'; message: string } | null {
  if (config.method === 'sgd') return { field: 'method', message: 'a room trains in a subspace (rbd or fpd): sgd has no coordinates to exchange' };
  if (config.workers !== 1) return { field: 'workers', message: `in a room each member is one worker and W is the room's membership; leave workers at 1, got ${config.workers}` };
  return null;
}

/** A room's step budget: its steps, else its epochs counted for the `quorum` members it starts with. */
export const roomSteps = (config: ExperimentConfig, samples: number, quorum: number): number =>
  stepBudget(config, stepsPerEpoch(samples, config.batch, quorum));
