// Plain SGD (docs/design.md §2): θ[j] −= η·g[j], one thread per parameter.
// CPU twin: sgdUpdate in src/reference/layers.ts.

struct Params {
  count: u32, // D: parameters
}

struct Rate {
  lr: f32, // η; the caller may rewrite it between steps with queue.writeBuffer
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<uniform> rate: Rate;
@group(0) @binding(2) var<storage, read_write> theta: array<f32>; // θ, updated in place
@group(0) @binding(3) var<storage, read> g: array<f32>;           // ∂L/∂θ, same layout

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let j = flatIndex(gid, groups);
  if (j >= params.count) {
    return;
  }
  theta[j] -= rate.lr * g[j];
}
