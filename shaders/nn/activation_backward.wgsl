// Elementwise activation backward from the forward OUTPUT y (so x need not be kept):
// ReLU: inputGrad = outputGrad · [y > 0]   (derivative 0 at the kink, as the CPU twin)
// tanh: inputGrad = outputGrad · (1 − y²)
// One thread per element. CPU twin: activationBackward in src/reference/layers.ts.

struct Params {
  count: u32, // elements: B × features
  op: u32,    // 0 = ReLU, 1 = tanh
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> y: array<f32>;               // the forward output f(x)
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>;      // ∂L/∂y
@group(0) @binding(3) var<storage, read_write> inputGrad: array<f32>; // ∂L/∂x

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  if (n >= params.count) {
    return;
  }
  let v = y[n];
  if (params.op == 0u) {
    inputGrad[n] = select(0.0, outputGrad[n], v > 0.0);
  } else {
    inputGrad[n] = outputGrad[n] * (1.0 - v * v);
  }
}
