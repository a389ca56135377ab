/**
 * CPU twin of shaders/subspace/correlation_*.wgsl (docs/design.md §11), in float64: per
 * compartment [a_k, b_k), (Σ u·v, Σ u², Σ v²) with v_j = Σ_s v[s·D + j]. The test oracle
 * of src/subspace/correlation.ts, and the CPU engine's arithmetic for its diagnostics.
 */

/** [K × 3]: (Σ uv, Σ uu, Σ vv) of range k at 3k; `v` holds `slots` vectors of D. */
export function correlationSums(u: ArrayLike<number>, v: ArrayLike<number>, slots: number, D: number, ranges: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(3 * ranges.length);
  ranges.forEach(([a, b], k) => {
    let uv = 0, uu = 0, vv = 0;
    for (let j = a; j < b; j++) {
      let vj = 0;
      for (let s = 0; s < slots; s++) vj += v[s * D + j];
      uv += u[j] * vj;
      uu += u[j] * u[j];
      vv += vj * vj;
    }
    out.set([uv, uu, vv], 3 * k);
  });
  return out;
}
