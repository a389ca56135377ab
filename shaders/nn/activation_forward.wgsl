// Elementwise activation forward, y = f(x), with f chosen by an op code:
// 0 = ReLU, 1 = tanh (ACTIVATION_OP in src/nn/layers/activation.ts). One thread per element.
// CPU twin: activationForward in src/reference/layers.ts.

struct Params {
  count: u32, // elements: B × features
  op: u32,    // 0 = ReLU, 1 = tanh
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;       // input, any shape
@group(0) @binding(2) var<storage, read_write> y: array<f32>; // output, the same shape

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  if (n >= params.count) {
    return;
  }
  let v = x[n];
  if (params.op == 0u) {
    y[n] = max(v, 0.0);
  } else {
    // WGSL's tanh is sinh/cosh, which may overflow to NaN for large |v|; tanh(±10)
    // already rounds to ±1 in f32, so clamping changes no result.
    y[n] = tanh(clamp(v, -10.0, 10.0));
  }
}
