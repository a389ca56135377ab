// Conversions and basis distributions of docs/design.md §3; needs rng/philox.wgsl before it.
// CPU twin: src/rng/distributions.ts.

const PURPOSE_INIT: u32 = 1u;
const PURPOSE_BASIS: u32 = 2u;
const PURPOSE_DATA: u32 = 3u;

// Distribution codes, shared with src/rng/distributions.ts (DIST_CODE).
const DIST_NORMAL: u32 = 0u;
const DIST_UNIFORM: u32 = 1u;
const DIST_RADEMACHER: u32 = 2u;

const TWO_M24: f32 = 5.9604644775390625e-8; // 2^-24
const PI: f32 = 3.14159265358979;
const SQRT3: f32 = 1.7320508075688772;

// (0, 1), never 0; at most 24 bits reach f32, so the conversion is exact.
fn u01(x: u32) -> f32 {
  return f32((x >> 8u) | 1u) * TWO_M24;
}

// (−1, 1); a 25-bit signed integer, exact in f32.
fn uneg11(x: u32) -> f32 {
  return f32(bitcast<i32>(x | 0x80u) >> 7u) * TWO_M24;
}

// Four standard normals from one Philox output by Box–Muller on (x0,x1) and (x2,x3).
fn normals4(x: vec4u) -> vec4f {
  let rho = sqrt(-2.0 * log(vec2f(u01(x.x), u01(x.z))));
  let theta = PI * vec2f(uneg11(x.y), uneg11(x.w));
  return vec4f(rho.x * cos(theta.x), rho.x * sin(theta.x), rho.y * cos(theta.y), rho.y * sin(theta.y));
}

// Four unit-variance uniforms from one Philox output.
fn uniforms4(x: vec4u) -> vec4f {
  return SQRT3 * vec4f(uneg11(x.x), uneg11(x.y), uneg11(x.z), uneg11(x.w));
}

// Entries 4q..4q+3 of direction i (redraw epoch r, worker w), for normal or uniform.
fn basis4(dist: u32, seed: u32, q: u32, i: u32, r: u32, w: u32) -> vec4f {
  let x = philox4x32_10(vec4u(q, i, r, w), vec2u(seed, PURPOSE_BASIS));
  if (dist == DIST_UNIFORM) {
    return uniforms4(x);
  }
  return normals4(x);
}

// Rademacher sign of entry j, given the Philox output for counter (j>>7, i, r, w).
fn rademacher_sign(x: vec4u, j: u32) -> f32 {
  return select(-1.0, 1.0, ((x[(j >> 5u) & 3u] >> (j & 31u)) & 1u) == 1u);
}

// z(i, j, r, w) for any distribution: one Philox call per entry (tests and small loops).
fn basis_entry(dist: u32, seed: u32, i: u32, j: u32, r: u32, w: u32) -> f32 {
  if (dist == DIST_RADEMACHER) {
    let x = philox4x32_10(vec4u(j >> 7u, i, r, w), vec2u(seed, PURPOSE_BASIS));
    return rademacher_sign(x, j);
  }
  return basis4(dist, seed, j >> 2u, i, r, w)[j & 3u];
}
