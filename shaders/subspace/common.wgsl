// Shared declarations of the subspace kernels (docs/design.md §2, §5); prepended after
// rng/philox.wgsl and rng/distributions.wgsl. Host twins: src/subspace/layout.ts.

// One uniform block for every subspace kernel; each kernel reads the fields it needs.
struct Params {
  seed: u32,         // key word 0; word 1 is PURPOSE_BASIS
  epoch: u32,        // redraw epoch r = ⌊t / redrawEvery⌋ (0 for fpd)
  dist: u32,         // DIST_NORMAL, DIST_UNIFORM or DIST_RADEMACHER
  workers: u32,      // W': slots this dispatch covers, 1..W (W, the capacity, sizes the buffers)
  dirs: u32,         // Σ d_k: directions (coordinates) per worker slot
  params: u32,       // D: parameters
  tasks: u32,        // entries of this dispatch's work list (workgroups per slot)
  lr: f32,           // η (update and ĉ only)
  partials: u32,     // project partial sums per worker
  compartments: u32, // K
  pad0: u32,
  pad1: u32,
}

// Compartment k (host: packCompartments).
struct Compartment {
  start: u32,        // a_k: first parameter
  end: u32,          // b_k: one past the last parameter
  dirStart: u32,     // e_k: global index of its first direction
  dirs: u32,         // d_k: its number of directions
  scale: f32,        // 1/√D_k, rounded to f32 by the host
  partialStart: u32, // offset of its project partials within a worker's: [rows × d_k]
  span: u32,         // project: threads per part of a chunk; parts = ⌊threads / span⌋
  rows: u32,         // project: partial rows, chunks touched × parts
}

// The workgroup's position in a 2-D grid (grid2d splits large counts over y).
fn flat_group(wid: vec3u, groups: vec3u) -> u32 {
  return wid.x + wid.y * groups.x;
}

// Rademacher signs of entries 4q..4q+3 (one Philox output for counter (q >> 5, i, r, w)).
fn rademacher4(x: vec4u, q: u32) -> vec4f {
  let bits = x[(q >> 3u) & 3u] >> ((q & 7u) * 4u);
  return select(vec4f(-1.0), vec4f(1.0), ((vec4u(bits) >> vec4u(0u, 1u, 2u, 3u)) & vec4u(1u)) == vec4u(1u));
}

// Entries 4q..4q+3 of z(i, ·, r, w) for any distribution (docs/design.md §3).
fn basis_quad(dist: u32, seed: u32, q: u32, i: u32, r: u32, w: u32) -> vec4f {
  if (dist == DIST_RADEMACHER) {
    return rademacher4(philox4x32_10(vec4u(q >> 5u, i, r, w), vec2u(seed, PURPOSE_BASIS)), q);
  }
  return basis4(dist, seed, q, i, r, w);
}
