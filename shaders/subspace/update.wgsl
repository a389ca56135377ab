// Update (DESIGN.md §2, §5): θ_j −= η · Σ_w Σ_{i in compartment(j)} c_{w,i}·φ_{w,i}[j], with
// φ_{w,i}[j] = z(i, j, r, w)/√D_k regenerated, never stored. A workgroup takes one
// work-list entry (a compartment and a run of quads); one thread per quad (parameters
// 4q..4q+3, one Philox call per direction); the compartment's coordinates of every worker
// are staged in workgroup memory a tile at a time. Each θ_j is written by one thread
// only, so no reduction is needed; a quad split between compartments is written by two
// workgroups, each for its own parameters. The distribution is tested once per tile, not
// per direction: SwiftShader runs both sides of a branch inside a loop under lane masks,
// and the Rademacher side's extra Philox call cost a third of the kernel (npm run bench:
// update/roofline 0.45–0.66 before, 0.80–0.91 after).

@group(0) @binding(0) var<uniform> params: Params;                  // seed, epoch, dist, workers, dirs, tasks, lr
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>;
@group(0) @binding(2) var<storage, read> tasks: array<vec4u>;       // per workgroup: (k, first quad, 0, 0)
@group(0) @binding(3) var<storage, read> coordinates: array<f32>;   // [W × Σd_k]: c_{w,i} at w·Σd_k + i
@group(0) @binding(4) var<storage, read_write> theta: array<f32>;   // [D]: the parameters, updated in place

override quadTile: u32 = 64; // quads per workgroup (one thread each) and coordinates per staged tile

var<workgroup> tileCoeff: array<f32, quadTile>;   // staged c_{w,i}
var<workgroup> tileDir: array<vec2u, quadTile>;   // its (i, w)

@compute @workgroup_size(quadTile)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let flat = flat_group(wid, groups);
  if (flat >= params.tasks) {
    return; // the whole workgroup leaves: grid2d may round the grid up
  }
  let task = tasks[flat];
  let comp = compartments[task.x];
  let q = task.y + lid;
  let inside = 4u * q < comp.end; // threads past the compartment still stage coordinates
  let total = params.workers * comp.dirs;
  var acc = vec4f(0.0);
  for (var t = 0u; t < total; t += quadTile) {
    let m = t + lid;
    if (m < total) {
      let w = m / comp.dirs;
      let i = comp.dirStart + m % comp.dirs;
      tileCoeff[lid] = coordinates[w * params.dirs + i];
      tileDir[lid] = vec2u(i, w);
    }
    workgroupBarrier();
    if (inside) {
      let n = min(quadTile, total - t);
      let key = vec2u(params.seed, PURPOSE_BASIS);
      if (params.dist == DIST_RADEMACHER) {
        for (var s = 0u; s < n; s++) {
          let d = tileDir[s];
          acc += tileCoeff[s] * rademacher4(philox4x32_10(vec4u(q >> 5u, d.x, params.epoch, d.y), key), q);
        }
      } else if (params.dist == DIST_UNIFORM) {
        for (var s = 0u; s < n; s++) {
          let d = tileDir[s];
          acc += tileCoeff[s] * uniforms4(philox4x32_10(vec4u(q, d.x, params.epoch, d.y), key));
        }
      } else {
        for (var s = 0u; s < n; s++) {
          let d = tileDir[s];
          acc += tileCoeff[s] * normals4(philox4x32_10(vec4u(q, d.x, params.epoch, d.y), key));
        }
      }
    }
    workgroupBarrier();
  }
  let step = params.lr * comp.scale * acc;
  for (var lane = 0u; lane < 4u; lane++) {
    let j = 4u * q + lane;
    if (j >= comp.start && j < comp.end) {
      theta[j] -= step[lane];
    }
  }
}
