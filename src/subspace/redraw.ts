/**
 * The redraw policy (docs/design.md §2): the basis is redrawn every `redrawEvery` steps, so
 * step t uses redraw epoch r = ⌊t / redrawEvery⌋; `never` is fpd, with r ≡ 0. The paper's
 * RBD redraws every step.
 */
import { InputError } from '../engine/errors';

export type RedrawEvery = number | 'never';

export function checkRedrawEvery(every: RedrawEvery): void {
  if (every !== 'never' && !(Number.isInteger(every) && every >= 1)) {
    throw new InputError('redrawEvery', `must be a whole number ≥ 1 or 'never', got ${every}`);
  }
}

/** r = ⌊t / redrawEvery⌋ (0 for 'never'), kept within the u32 counter word. */
export function redrawEpoch(step: number, every: RedrawEvery): number {
  checkRedrawEvery(every);
  if (!(Number.isInteger(step) && step >= 0)) throw new InputError('step', `must be a whole number ≥ 0, got ${step}`);
  return every === 'never' ? 0 : Math.floor(step / every) % 2 ** 32;
}
