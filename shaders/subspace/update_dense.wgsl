// Materialised-P baseline of update: θ_j −= η · Σ_n c_n·P[n, j] over all W·Σd_k rows n,
// one thread per parameter reading a stored column of P. Tests and benchmarks only.

@group(0) @binding(0) var<uniform> params: Params;                  // workers, dirs, params, lr
@group(0) @binding(1) var<storage, read> basis: array<f32>;         // P: [W·Σd_k × D]
@group(0) @binding(2) var<storage, read> coordinates: array<f32>;   // [W × Σd_k]
@group(0) @binding(3) var<storage, read_write> theta: array<f32>;   // [D], updated in place

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let j = flat_group(wid, groups) * workgroupSize + lid;
  if (j >= params.params) {
    return;
  }
  var sum = 0.0;
  for (var n = 0u; n < params.workers * params.dirs; n++) {
    sum += coordinates[n] * basis[n * params.params + j];
  }
  theta[j] -= params.lr * sum;
}
