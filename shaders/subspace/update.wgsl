// Update (docs/design.md §2, §5): θ_j −= η · Σ_s Σ_{i in compartment(j)} c_{s,i}·φ_{w,i}[j], with
// φ_{w,i}[j] = z(i, j, r, w)/√D_k regenerated, never stored. The sum runs over the slots
// s < W' in order; slot s holds one worker's coordinates and draws with the counter word
// w = members[s], its permanent member id, which the host keeps ascending so that the sum
// runs in ascending member id (docs/design.md §13). A workgroup takes one
// work-list entry (a compartment and a run of quads); one thread per quad (parameters
// 4q..4q+3, one Philox call per direction). Every thread reads the same coordinate at the
// same time, straight from the buffer: staging them in workgroup memory, with two barriers
// a tile, was no faster (npm run bench, FC-MNIST d = 250: K = 1 1,150–1,193 against
// 1,100–1,138 ms, K = 8 174 against 157 ms, project + update). Each θ_j is written by one
// thread only, so no reduction is needed; a quad split between compartments is written by
// two workgroups, each for its own parameters. The distribution is tested outside the
// direction loops: SwiftShader runs both sides of a branch inside a loop under lane
// masks, and the Rademacher side's extra Philox call cost a third of the kernel
// (update/roofline 0.45–0.66 before, 0.80–0.91 after).

@group(0) @binding(0) var<uniform> params: Params;                  // seed, epoch, dist, workers (W' slots), dirs, tasks, lr
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>; // [K]: the compartment table
@group(0) @binding(2) var<storage, read> tasks: array<vec4u>;       // per workgroup: (k, first quad, 0, 0)
@group(0) @binding(3) var<storage, read> coordinates: array<f32>;   // [W × Σd_k]: slot s's c_i at s·Σd_k + i
@group(0) @binding(4) var<storage, read_write> theta: array<f32>;   // [D]: the parameters, updated in place
@group(0) @binding(5) var<storage, read> members: array<u32>;       // [W]: slot s draws with counter word w = members[s] (member ids, DESIGN §13)

override threads: u32 = 64; // quads per workgroup, one thread each

@compute @workgroup_size(threads)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let flat = flat_group(wid, groups);
  if (flat >= params.tasks) {
    return; // the whole workgroup leaves: grid2d may round the grid up
  }
  let task = tasks[flat];
  let comp = compartments[task.x];
  let q = task.y + lid;
  if (4u * q >= comp.end) {
    return;
  }
  let key = vec2u(params.seed, PURPOSE_BASIS);
  let r = params.epoch;
  var acc = vec4f(0.0);
  for (var slot = 0u; slot < params.workers; slot++) {
    let c0 = slot * params.dirs + comp.dirStart;
    let w = members[slot]; // the counter's worker word
    if (params.dist == DIST_RADEMACHER) {
      for (var l = 0u; l < comp.dirs; l++) {
        acc += coordinates[c0 + l] * rademacher4(philox4x32_10(vec4u(q >> 5u, comp.dirStart + l, r, w), key), q);
      }
    } else if (params.dist == DIST_UNIFORM) {
      for (var l = 0u; l < comp.dirs; l++) {
        acc += coordinates[c0 + l] * uniforms4(philox4x32_10(vec4u(q, comp.dirStart + l, r, w), key));
      }
    } else {
      for (var l = 0u; l < comp.dirs; l++) {
        acc += coordinates[c0 + l] * normals4(philox4x32_10(vec4u(q, comp.dirStart + l, r, w), key));
      }
    }
  }
  let step = params.lr * comp.scale * acc;
  for (var lane = 0u; lane < 4u; lane++) {
    let j = 4u * q + lane;
    if (j >= comp.start && j < comp.end) {
      theta[j] -= step[lane];
    }
  }
}
