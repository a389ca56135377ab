/**
 * The rules between fields, each stated once. The URL codec, the command line, the
 * controls and the engine all go through here, so no copy of a rule can drift.
 */
import type { Method } from './enums';
import { FIELDS, type ConfigKey, type ExperimentConfig } from './fields';

type Fixed = Partial<Pick<ExperimentConfig, 'redraw' | 'workers'>>;

/**
 * The values a method fixes, whatever was asked:
 * - fpd is rbd with one fixed basis (docs/design.md §2), so it never redraws;
 * - sgd runs one worker: shared-seed workers exchange subspace coordinates, and sgd has none.
 */
export function fixedByMethod(method: Method): Fixed {
  if (method === 'fpd') return { redraw: 'never' };
  if (method === 'sgd') return { workers: 1 };
  return {};
}

/** The fields only a subspace method reads. */
const SUBSPACE_FIELDS: readonly ConfigKey[] = ['d', 'redraw', 'dist', 'compartments', 'alloc'];

/** Whether a run of `method` reads `field` at all: the controls disable the others, and labels leave them out. */
export const usesField = (method: Method, field: ConfigKey): boolean =>
  !(method === 'sgd' && SUBSPACE_FIELDS.includes(field)) && !Object.hasOwn(fixedByMethod(method), field);

/** Why a method fixes `field`, for notes beside the control ("fpd never redraws"), or null. */
export function fixedReason(method: Method, field: ConfigKey): string | null {
  const fixed = fixedByMethod(method) as Record<string, unknown>;
  if (!Object.hasOwn(fixed, field)) return null;
  return field === 'redraw' ? `${method} never redraws` : `${method} runs ${FIELDS.workers.format(fixed.workers as number)} worker`;
}

export interface RuleError { field: 'redraw' | 'workers'; message: string; defaultUsed: string }

/**
 * Applies fixedByMethod in place. A value that differs from the fixed one is reported
 * only if it differs from the field's default too, because then somebody asked for it
 * (fpd with redraw=5, sgd with 4 workers); a default left in place is no request.
 */
export function applyMethodRules(config: Pick<ExperimentConfig, 'method' | 'redraw' | 'workers'>): RuleError[] {
  const errors: RuleError[] = [];
  const fixed = fixedByMethod(config.method);
  for (const field of Object.keys(fixed) as ('redraw' | 'workers')[]) {
    const want = fixed[field]!, have = config[field];
    if (have === want) continue;
    const text = (FIELDS[field].format as (v: unknown) => string)(have);
    const message = field === 'redraw'
      ? `${fixedReason(config.method, field)}, so redraw=${text} does not apply`
      : `${text} workers need method rbd or fpd: workers exchange subspace coordinates, not gradients`;
    if (have !== FIELDS[field].default) errors.push({ field, message, defaultUsed: (FIELDS[field].format as (v: unknown) => string)(want) });
    (config as Record<string, unknown>)[field] = want;
  }
  return errors;
}

/**
 * An edit, or a live change, that switches the method without setting redraw: entering
 * fpd, redraw becomes its 'never'; leaving it, that 'never' was fpd's, not the user's, so
 * redraw goes back to its default (the paper's redraw-every-step).
 */
export function afterMethodChange<T extends Pick<ExperimentConfig, 'method' | 'redraw'>>(before: T, next: T, touched: readonly string[]): T {
  if (before.method === next.method || touched.includes('redraw')) return next;
  const entering = fixedByMethod(next.method).redraw, leaving = fixedByMethod(before.method).redraw;
  if (entering !== undefined) return { ...next, redraw: entering };
  return leaving !== undefined && next.redraw === leaving ? { ...next, redraw: FIELDS.redraw.default } : next;
}
