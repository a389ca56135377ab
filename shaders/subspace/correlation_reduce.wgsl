// Diagnostics (docs/design.md §11), pass 2 of 2: the sums of each compartment, its
// workgroups' partials (correlation_partials.wgsl) added in work-list order by one thread
// per (compartment, quantity): deterministic, no atomics. K·3 threads, so one workgroup
// for any network here.

@group(0) @binding(0) var<uniform> params: CorrelationParams;          // compartments, outOffset
@group(0) @binding(1) var<storage, read> ranges: array<vec2u>;         // [K]: (first task, task count) of compartment k
@group(0) @binding(2) var<storage, read> partials: array<f32>;         // [tasks × 3], from correlation_partials.wgsl
@group(0) @binding(3) var<storage, read_write> sums: array<f32>;       // out: (Σ uv, Σ uu, Σ vv) of compartment k at outOffset + 3k

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = gid.x + gid.y * groups.x * workgroupSize;
  if (n >= 3u * params.compartments) {
    return;
  }
  let range = ranges[n / 3u];
  let q = n % 3u;
  var total = 0.0;
  for (var t = range.x; t < range.x + range.y; t++) {
    total += partials[3u * t + q];
  }
  sums[params.outOffset + n] = total;
}
