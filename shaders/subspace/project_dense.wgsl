// Materialised-P baseline of project: c_{w,i} = Σ_j P[w·Σd_k + i, j]·g_w[j], one thread
// per coordinate reading a stored row of P (materialize.wgsl). Tests and benchmarks only.

@group(0) @binding(0) var<uniform> params: Params;                  // workers, dirs, params
@group(0) @binding(1) var<storage, read> basis: array<f32>;         // P: [W·Σd_k × D]
@group(0) @binding(2) var<storage, read> grads: array<f32>;         // [W × D]: worker w's gradient at w·D
@group(0) @binding(3) var<storage, read_write> coordinates: array<f32>; // [W × Σd_k]

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let n = flat_group(wid, groups) * workgroupSize + lid;
  if (n >= params.workers * params.dirs) {
    return;
  }
  let g0 = (n / params.dirs) * params.params;
  let p0 = n * params.params;
  var sum = 0.0;
  for (var j = 0u; j < params.params; j++) {
    sum += basis[p0 + j] * grads[g0 + j];
  }
  coordinates[n] = sum;
}
