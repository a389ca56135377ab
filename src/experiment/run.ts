/**
 * From a user's experiment to what the engine trains: the run's fields with the method's
 * rules applied and every bound checked by the same table as a link or a flag, and the
 * architecture laid out for the dataset's classes.
 */
import { InputError } from '../engine/errors';
import type { Architecture } from '../nn/model';
import { parseArch, toArchitecture } from './arch';
import { FIELDS, type ExperimentConfig, type FieldSpec } from './fields';
import { applyMethodRules } from './rules';
import { problemOf } from './values';

/** The fields a run's numbers depend on (the rest say when to stop, or how often to report). */
export const RUN_KEYS = ['method', 'd', 'redraw', 'dist', 'compartments', 'alloc', 'lr', 'batch', 'seed', 'workers'] as const;
export type RunFields = Pick<ExperimentConfig, (typeof RUN_KEYS)[number]>;

/** What the engine trains: the run's fields and the layers (tests and the bench build their own). */
export interface RunConfig extends RunFields {
  arch: Architecture;
}

/**
 * Checks every run field with the table's own reader (a value must survive being
 * written and read back, so NaN, 2.5 workers or batch 2000 fail here exactly as in a
 * link) and returns the fields with the method's rules applied. Throws an InputError
 * naming the first bad field.
 */
export function normalizeRun<T extends RunFields>(config: T): T {
  for (const key of RUN_KEYS) {
    const spec = FIELDS[key] as FieldSpec<unknown>;
    try { spec.parse(spec.format(config[key])); } catch (e) { throw new InputError(key, problemOf(e, key)); }
  }
  const next = { ...config };
  const [error] = applyMethodRules(next);
  if (error) throw new InputError(error.field, error.message);
  return next;
}

/** The engine's config of a (valid) experiment, for a dataset with `classes` outputs. */
export function toRunConfig(c: ExperimentConfig, classes: number): RunConfig {
  const fields = Object.fromEntries(RUN_KEYS.map((k) => [k, c[k]])) as RunFields;
  return { ...normalizeRun(fields), arch: toArchitecture(parseArch(c.arch), classes) };
}

/** The step a run stops at: its step budget where it has one, else its epochs (at least one step). */
export const stepBudget = (c: Pick<ExperimentConfig, 'steps' | 'epochs'>, stepsPerEpoch: number): number =>
  c.steps ?? Math.max(1, Math.round(c.epochs * stepsPerEpoch));
