// Diagnostics (docs/design.md §11), pass 1 of 2: the sums Σ u_j·v_j, Σ u_j², Σ v_j² of one
// run of at most threads·items parameters of one compartment, where v_j = Σ_s v_{s,j} adds
// the S slots in slot order (the W workers' gradients). They give ρ = (u·v)/(|u|·|v|) per
// compartment. Each thread sums `items` entries strided by `threads` (neighbouring threads
// read neighbouring words), then the workgroup adds its threads' sums by halving, in a fixed
// tree; pass 2 (correlation_reduce.wgsl) adds the workgroups' partials of a compartment in
// work-list order. Deterministic, no atomics. Run every N steps, not per step, so it is
// shaped for clarity: one read of u and S reads of v per parameter, one small tree.

@group(0) @binding(0) var<uniform> params: CorrelationParams;          // tasks, slots, params
@group(0) @binding(1) var<storage, read> tasks: array<vec4u>;          // per workgroup: (k, first, end, 0), parameters [first, end) of compartment k
@group(0) @binding(2) var<storage, read> u: array<f32>;                // [D]: the step direction (u, or u_G of the probe)
@group(0) @binding(3) var<storage, read> v: array<f32>;                // [S × D]: the gradients, slot s at s·D
@group(0) @binding(4) var<storage, read_write> partials: array<f32>;   // [tasks × 3]: (Σ uv, Σ uu, Σ vv) of workgroup t at 3t

override threads: u32 = 64; // a power of two: the tree halves it
override items: u32 = 16;   // entries per thread; a task covers at most threads·items parameters

var<workgroup> threadSums: array<vec3f, threads>; // each thread's three sums, then the tree's

@compute @workgroup_size(threads)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let flat = wid.x + wid.y * groups.x;
  if (flat >= params.tasks) {
    return; // the whole workgroup leaves: grid2d may round the grid up
  }
  let task = tasks[flat];
  var acc = vec3f(0.0);
  for (var m = 0u; m < items; m++) {
    let j = task.y + m * threads + lid;
    if (j < task.z) {
      let uj = u[j];
      var vj = 0.0;
      for (var s = 0u; s < params.slots; s++) {
        vj += v[s * params.params + j];
      }
      acc += vec3f(uj * vj, uj * uj, vj * vj);
    }
  }
  threadSums[lid] = acc;
  workgroupBarrier();
  for (var half = threads / 2u; half > 0u; half /= 2u) {
    if (lid < half) {
      threadSums[lid] += threadSums[lid + half];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    let s = threadSums[0];
    partials[3u * flat] = s.x;
    partials[3u * flat + 1u] = s.y;
    partials[3u * flat + 2u] = s.z;
  }
}
