// Test kernel: z(i, j, r, w) for a list of indices, for comparison with basisEntry in
// src/rng/distributions.ts.

struct Params {
  count: u32, // number of samples
  dist: u32,  // DIST_NORMAL, DIST_UNIFORM or DIST_RADEMACHER
  seed: u32,  // key word 0
  pad: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> indices: array<vec4u>;    // per sample: (i, j, r, w)
@group(0) @binding(2) var<storage, read_write> values: array<f32>; // per sample: z(i, j, r, w)

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = gid.x + gid.y * groups.x * workgroupSize;
  if (n >= params.count) {
    return;
  }
  let q = indices[n];
  values[n] = basis_entry(params.dist, params.seed, q.x, q.y, q.z, q.w);
}
