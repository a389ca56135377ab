/**
 * A run's checkpoint as IndexedDB keeps it (state/persist.ts), and the check a stored one
 * passes before the page offers to continue from it: anything that would not resume the
 * run exactly (a θ of another model, a number that is not finite, a log that is not the
 * run's) is skipped with a notice naming the run, which itself is kept with its curve.
 */
import type { Checkpoint } from '../train/protocol';
import type { Run } from './runs-slice';

/** The shape of a stored checkpoint; a record of another version is skipped, never read as this one. */
export const CHECKPOINT_SCHEMA = 1;

export interface StoredCheckpoint { schema: typeof CHECKPOINT_SCHEMA; id: string; checkpoint: Checkpoint }

const finite = (a: ArrayLike<number>) => { for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false; return true; };
const isF32 = (a: unknown): a is Float32Array => a instanceof Float32Array;
const count = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
/** The same fields set to the same values, whatever their order. */
const samePatch = (a: object, b: object) => {
  const set = (p: object) => Object.entries(p).filter(([, v]) => v !== undefined);
  return set(a).length === set(b).length && set(a).every(([k, v]) => (b as Record<string, unknown>)[k] === v);
};

/** What is wrong with a checkpoint of `run`, or null. */
function problem(c: Partial<Checkpoint> | null | undefined, run: Run): string | null {
  if (!c || typeof c !== 'object') return 'no checkpoint';
  if (!count(c.step)) return 'its step is not a count';
  const theta = c.theta;
  if (!(isF32(theta) || theta instanceof Float64Array) || !finite(theta)) return 'its θ is not a list of finite numbers';
  if (run.info && theta.length !== run.info.D) return `its θ has ${theta.length} parameters, the run's model has ${run.info.D}`;
  if (c.cHat !== null && !(isF32(c.cHat) && finite(c.cHat))) return 'its ĉ is not a list of finite numbers';
  if (c.anchor !== null && !(isF32(c.anchor) && c.anchor.length === theta.length && finite(c.anchor))) return 'its anchor is not a θ';
  const m = c.metrics;
  if (!m || !Number.isFinite(m.lossSum) || ![m.correct, m.samples, m.batches].every(count)) return 'its metric window is not numbers';
  const log = c.log;
  if (!Array.isArray(log) || log.length > run.marks.length) return 'its live changes are not the run’s';
  // The run's marks are its whole log; the checkpoint's must be the part before it, in order.
  const same = log.every((l, i) => l && !!l.patch && typeof l.patch === 'object' && l.step === run.marks[i].step && l.step <= c.step! && samePatch(l.patch, run.marks[i].patch));
  return same ? null : 'its live changes are not the run’s';
}

/**
 * A stored checkpoint as this version can use it, `skip` (with the notice) if it cannot be,
 * or `ignore` for one of no run the page kept (that run's own record said why).
 */
export function checkStoredCheckpoint(raw: unknown, runs: ReadonlyMap<string, Run>): { ok: StoredCheckpoint } | { skip: string } | { ignore: true } {
  const r = raw as Partial<StoredCheckpoint> | null;
  if (!r || typeof r !== 'object' || typeof r.id !== 'string') return { skip: 'A stored checkpoint is not a record of a run; skipped.' };
  const run = runs.get(r.id);
  if (!run) return { ignore: true };
  const kept = 'the run and its curve are kept, without “Continue”';
  if (r.schema !== CHECKPOINT_SCHEMA) return { skip: `The checkpoint of run '${r.id}' was stored by another version of the playground (schema ${String(r.schema ?? 'none')}, this one reads ${CHECKPOINT_SCHEMA}); skipped: ${kept}.` };
  const wrong = problem(r.checkpoint, run);
  return wrong ? { skip: `The checkpoint of run '${r.id}' is corrupt in storage (${wrong}); skipped: ${kept}.` } : { ok: r as StoredCheckpoint };
}
