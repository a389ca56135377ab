// Project, pass 1 of 2 (DESIGN.md §5): partial coordinates Σ_j z(i, j, r, w)·g_j over one
// chunk of parameters, with P never stored. A workgroup takes one work-list entry (a
// compartment, a tile of its directions, one chunk) for one worker; one thread per
// direction. The 1/√D_k scale is applied by project_reduce.wgsl.

@group(0) @binding(0) var<uniform> params: Params;                  // seed, epoch, dist, workers, tasks, partials
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>;
@group(0) @binding(2) var<storage, read> tasks: array<vec4u>;       // per workgroup: (k, first local direction, chunk, 0)
@group(0) @binding(3) var<storage, read> grads: array<f32>;         // [W × D]: worker w's gradient g at w·D
@group(0) @binding(4) var<storage, read_write> partials: array<f32>; // [W × partials]: see Compartment.partialStart

override dirTile: u32 = 64;     // directions per workgroup, one thread each
override chunkSize: u32 = 1024; // parameters per chunk; a multiple of 128 (one Rademacher block)

// g[chunk], four parameters per element, zero outside the compartment so that the ragged
// ends of [a_k, b_k) need no test in the inner loops.
var<workgroup> chunk: array<vec4f, chunkSize / 4u>;

@compute @workgroup_size(dirTile)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let flat = flat_group(wid, groups);
  if (flat >= params.tasks * params.workers) {
    return; // the whole workgroup leaves: grid2d may round the grid up
  }
  let task = tasks[flat % params.tasks];
  let w = flat / params.tasks;
  let comp = compartments[task.x];
  let chunkStart = task.z * chunkSize;
  let lo = max(chunkStart, comp.start);
  let hi = min(chunkStart + chunkSize, comp.end);
  let g0 = w * params.params;
  for (var s = lid; s < chunkSize / 4u; s += dirTile) {
    let j = chunkStart + 4u * s + vec4u(0u, 1u, 2u, 3u);
    let inside = (j >= vec4u(lo)) & (j < vec4u(hi));
    // Clamp the index so that lanes outside read a valid element, then zero them.
    let jj = select(vec4u(lo), j, inside);
    let g = vec4f(grads[g0 + jj.x], grads[g0 + jj.y], grads[g0 + jj.z], grads[g0 + jj.w]);
    chunk[s] = select(vec4f(0.0), g, inside);
  }
  workgroupBarrier();

  let local = task.y + lid;
  if (local >= comp.dirs) {
    return;
  }
  let i = comp.dirStart + local;
  let key = vec2u(params.seed, PURPOSE_BASIS);
  let q0 = chunkStart / 4u;
  var acc = 0.0;
  if (params.dist == DIST_RADEMACHER) {
    // One Philox call per 128 entries: word m, bits 4t..4t+3 are quad 8m + t of the block.
    for (var b = lo / 128u; b < (hi + 127u) / 128u; b++) {
      let x = philox4x32_10(vec4u(b, i, params.epoch, w), key);
      for (var t = 0u; t < 32u; t++) {
        acc += dot(rademacher4(x, t), chunk[32u * b + t - q0]);
      }
    }
  } else if (params.dist == DIST_UNIFORM) {
    // One Philox call per 4 entries; the distribution is tested outside the loop (update.wgsl says why).
    for (var q = lo / 4u; q < (hi + 3u) / 4u; q++) {
      acc += dot(uniforms4(philox4x32_10(vec4u(q, i, params.epoch, w), key)), chunk[q - q0]);
    }
  } else {
    for (var q = lo / 4u; q < (hi + 3u) / 4u; q++) {
      acc += dot(normals4(philox4x32_10(vec4u(q, i, params.epoch, w), key)), chunk[q - q0]);
    }
  }
  partials[w * params.partials + comp.partialStart + (task.z - comp.firstChunk) * comp.dirs + local] = acc;
}
