// Project, pass 1 of 2 (docs/design.md §5): partial coordinates Σ_j z(i, j, r, w)·g_j over one
// part of one chunk of parameters, with P never stored. A workgroup takes one work-list
// entry (a compartment, a tile of its directions, one chunk) for one slot s < W'. Slot s
// holds one worker's gradient and partials, and draws with the counter word w =
// members[s], its permanent member id (docs/design.md §13): a room member projects only
// its own gradient, W' = 1. Each thread draws four directions, so that one staged load
// of g serves four Philox calls (npm run bench: project/roofline 0.6–0.7 with one
// direction a thread, 0.8–0.94 with four). A compartment with few directions needs only
// comp.span = ⌈d_k/4⌉ threads for them, so the chunk is cut into threads/span parts of
// about equal quads, one per group of span threads, and the whole workgroup stays busy.
// The 1/√D_k scale is applied by project_reduce.wgsl. Host tables: src/subspace/layout.ts.

@group(0) @binding(0) var<uniform> params: Params;                  // seed, epoch, dist, workers (W' slots), tasks, partials
@group(0) @binding(1) var<storage, read> compartments: array<Compartment>; // [K]: the compartment table
@group(0) @binding(2) var<storage, read> tasks: array<vec4u>;       // per workgroup: (k, first local direction, chunk, first partial row)
@group(0) @binding(3) var<storage, read> grads: array<f32>;         // [W × D]: slot s's gradient g at s·D
@group(0) @binding(4) var<storage, read_write> partials: array<f32>; // [W × partials]: slot s's at s·partials, see Compartment.partialStart
@group(0) @binding(5) var<storage, read> members: array<u32>;       // [W]: slot s draws with counter word w = members[s] (member ids, DESIGN §13)

override threads: u32 = 64;     // threads per workgroup
override chunkSize: u32 = 1024; // parameters per chunk; a multiple of 128 (one Rademacher block)

// g[chunk], four parameters per element, zero outside the compartment so that the ragged
// ends of [a_k, b_k) need no test in the inner loops.
var<workgroup> chunk: array<vec4f, chunkSize / 4u>;

@compute @workgroup_size(threads)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let flat = flat_group(wid, groups);
  if (flat >= params.tasks * params.workers) {
    return; // the whole workgroup leaves: grid2d may round the grid up
  }
  let task = tasks[flat % params.tasks];
  let slot = flat / params.tasks;
  let comp = compartments[task.x];
  let chunkStart = task.z * chunkSize;
  let lo = max(chunkStart, comp.start);
  let hi = min(chunkStart + chunkSize, comp.end);
  let g0 = slot * params.params;
  for (var s = lid; s < chunkSize / 4u; s += threads) {
    let j = chunkStart + 4u * s + vec4u(0u, 1u, 2u, 3u);
    let inside = (j >= vec4u(lo)) & (j < vec4u(hi));
    // Clamp the index so that lanes outside read a valid element, then zero them.
    let jj = select(vec4u(lo), j, inside);
    let g = vec4f(grads[g0 + jj.x], grads[g0 + jj.y], grads[g0 + jj.z], grads[g0 + jj.w]);
    chunk[s] = select(vec4f(0.0), g, inside);
  }
  workgroupBarrier();

  // This thread: part `part` of the chunk (comp.span threads a part), and four local
  // directions first + m·span (m = 0..3). Those past the compartment repeat its last one:
  // the same work, never written. Four named accumulators, not an array: SwiftShader kept
  // an array in memory (project/roofline 0.76–0.78 against 0.88–0.98).
  let span = comp.span;
  let parts = threads / span;
  let part = lid / span;
  let first = task.y + lid % span;
  if (part >= parts || first >= comp.dirs) {
    return;
  }
  let locals = first + span * vec4u(0u, 1u, 2u, 3u);
  let dirs = comp.dirStart + min(locals, vec4u(comp.dirs - 1u));
  let key = vec2u(params.seed, PURPOSE_BASIS);
  let r = params.epoch;
  let w = members[slot]; // the counter's worker word; everything else is slot-indexed
  // Its quads: the part's share of the chunk's, within [lo, hi); qlo = qhi when none.
  let q0 = chunkStart / 4u;
  let quads = chunkSize / 4u;
  let qlo = max(lo / 4u, q0 + part * quads / parts);
  let qhi = max(qlo, min((hi + 3u) / 4u, q0 + (part + 1u) * quads / parts));
  var a0 = vec4f(0.0);
  var a1 = vec4f(0.0);
  var a2 = vec4f(0.0);
  var a3 = vec4f(0.0);
  if (params.dist == DIST_RADEMACHER) {
    // One Philox call per 128 entries: word m, bits 4t..4t+3 are quad 8m + t of the block.
    for (var b = qlo / 32u; 32u * b < qhi; b++) {
      let x0 = philox4x32_10(vec4u(b, dirs.x, r, w), key);
      let x1 = philox4x32_10(vec4u(b, dirs.y, r, w), key);
      let x2 = philox4x32_10(vec4u(b, dirs.z, r, w), key);
      let x3 = philox4x32_10(vec4u(b, dirs.w, r, w), key);
      // A part may start or end inside a block: only its own quads of it.
      for (var t = max(qlo, 32u * b) - 32u * b; t < min(qhi - 32u * b, 32u); t++) {
        let g = chunk[32u * b + t - q0];
        a0 += rademacher4(x0, t) * g;
        a1 += rademacher4(x1, t) * g;
        a2 += rademacher4(x2, t) * g;
        a3 += rademacher4(x3, t) * g;
      }
    }
  } else if (params.dist == DIST_UNIFORM) {
    // One Philox call per 4 entries; the distribution is tested outside the loop (update.wgsl says why).
    for (var q = qlo; q < qhi; q++) {
      let g = chunk[q - q0];
      a0 += uniforms4(philox4x32_10(vec4u(q, dirs.x, r, w), key)) * g;
      a1 += uniforms4(philox4x32_10(vec4u(q, dirs.y, r, w), key)) * g;
      a2 += uniforms4(philox4x32_10(vec4u(q, dirs.z, r, w), key)) * g;
      a3 += uniforms4(philox4x32_10(vec4u(q, dirs.w, r, w), key)) * g;
    }
  } else {
    for (var q = qlo; q < qhi; q++) {
      let g = chunk[q - q0];
      a0 += normals4(philox4x32_10(vec4u(q, dirs.x, r, w), key)) * g;
      a1 += normals4(philox4x32_10(vec4u(q, dirs.y, r, w), key)) * g;
      a2 += normals4(philox4x32_10(vec4u(q, dirs.z, r, w), key)) * g;
      a3 += normals4(philox4x32_10(vec4u(q, dirs.w, r, w), key)) * g;
    }
  }
  let sums = vec4f(hsum(a0), hsum(a1), hsum(a2), hsum(a3));
  let row = slot * params.partials + comp.partialStart + (task.w + part) * comp.dirs;
  for (var m = 0u; m < 4u; m++) {
    if (locals[m] < comp.dirs) {
      partials[row + locals[m]] = sums[m];
    }
  }
}

fn hsum(a: vec4f) -> f32 {
  return (a.x + a.y) + (a.z + a.w);
}
