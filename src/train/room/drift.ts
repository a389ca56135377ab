/** How far a member's θ had drifted from the room's reference: the largest entry and the relative norm of the difference. */
export function thetaDrift(mine: Float32Array, reference: Float32Array): { maxDrift: number; relDrift: number } {
  if (mine.length !== reference.length) throw new RangeError(`θ has ${mine.length} parameters, the reference ${reference.length}`);
  let max = 0, diff = 0, norm = 0;
  for (let i = 0; i < mine.length; i++) {
    const d = Math.abs(mine[i] - reference[i]);
    max = Math.max(max, d);
    diff += d * d;
    norm += reference[i] * reference[i];
  }
  const rel = norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff);
  // A diverged θ (NaN or ∞) drifted beyond measure; the record still says so with a number.
  return { maxDrift: Number.isFinite(max) ? max : Number.MAX_VALUE, relDrift: Number.isFinite(rel) ? rel : Number.MAX_VALUE };
}
