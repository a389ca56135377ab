// Project, pass 2 of 2 (docs/design.md §5): coordinates c_{w,i} = (1/√D_k) · Σ_rows partials,
// summed in row order (chunk by chunk, part by part) by one thread per coordinate of the
// W' slots that project.wgsl filled (params.workers): deterministic, no atomics.

@group(0) @binding(0) var<uniform> params: Params;                     // workers (W' slots), dirs, partials, compartments
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>; // [K]: the compartment table
@group(0) @binding(2) var<storage, read> partials: array<f32>;         // [W × partials], from project.wgsl
@group(0) @binding(3) var<storage, read_write> coordinates: array<f32>; // [W × Σd_k]: slot s's c_i at s·Σd_k + i

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let n = flat_group(wid, groups) * workgroupSize + lid;
  if (n >= params.workers * params.dirs) {
    return;
  }
  let w = n / params.dirs;
  let i = n % params.dirs;
  let comp = compartments[compartment_of(i)];
  let base = w * params.partials + comp.partialStart + (i - comp.dirStart);
  var sum = 0.0;
  for (var r = 0u; r < comp.rows; r++) {
    sum += partials[base + r * comp.dirs];
  }
  coordinates[n] = comp.scale * sum;
}
