// fpd bookkeeping (docs/design.md §2): ĉ −= η·c after each update, so that θ_t = θ_0 + Σ_w P_w ĉ_w
// in exact arithmetic while r is fixed. Kept per worker slot, over the W' slots of
// this update (params.workers): workers draw different directions.

@group(0) @binding(0) var<uniform> params: Params;                  // workers (W' slots), dirs, lr
@group(0) @binding(1) var<storage, read> coordinates: array<f32>;   // [W × Σd_k]: this step's c
@group(0) @binding(2) var<storage, read_write> cHat: array<f32>;    // [W × Σd_k]: ĉ

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let n = flat_group(wid, groups) * workgroupSize + lid;
  if (n < params.workers * params.dirs) {
    cHat[n] -= params.lr * coordinates[n];
  }
}
