// Materialised-P baseline (tests and benchmarks only; training never stores P): writes
// every worker's basis for redraw epoch r as rows of P, φ_{w,i}[j] = z(i, j, r, w)/√D_k
// inside compartment k and 0 outside it. One thread per 4 entries of a row.

@group(0) @binding(0) var<uniform> params: Params;                  // seed, epoch, dist, workers, dirs, params, compartments
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>;
@group(0) @binding(2) var<storage, read_write> basis: array<f32>;   // P: [W·Σd_k × D], row w·Σd_k + i is φ_{w,i}

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let quadsPerRow = (params.params + 3u) / 4u;
  let t = flat_group(wid, groups) * workgroupSize + lid;
  if (t >= params.workers * params.dirs * quadsPerRow) {
    return;
  }
  let row = t / quadsPerRow;
  let q = t % quadsPerRow;
  let w = row / params.dirs;
  let i = row % params.dirs;
  let comp = compartments[compartment_of(i)];
  var z = vec4f(0.0);
  if (4u * q + 3u >= comp.start && 4u * q < comp.end) {
    z = comp.scale * basis_quad(params.dist, params.seed, q, i, params.epoch, w);
  }
  for (var lane = 0u; lane < 4u; lane++) {
    let j = 4u * q + lane;
    if (j < params.params) {
      basis[row * params.params + j] = select(0.0, z[lane], j >= comp.start && j < comp.end);
    }
  }
}
