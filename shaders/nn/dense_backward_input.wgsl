// Dense layer backward to the input: inputGrad = outputGrad·Wᵀ. One thread per input
// element (b, i). CPU twin: denseBackwardInput in src/reference/layers.ts.

struct Params {
  batch: u32,   // B: rows of outputGrad and inputGrad
  inSize: u32,  // features per input row
  outSize: u32, // units per output row
  offset: u32,  // o_l: index of W[0, 0] in θ (W is [in, out] row-major)
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;           // θ: every parameter of the network
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>;      // ∂L/∂y [B, out]
@group(0) @binding(3) var<storage, read_write> inputGrad: array<f32>; // ∂L/∂x [B, in]

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let inSize = params.inSize;
  if (n >= params.batch * inSize) {
    return;
  }
  let b = n / inSize;
  let i = n % inSize;
  let outSize = params.outSize;
  let row = params.offset + i * outSize; // row i of W is contiguous
  var acc = 0.0;
  for (var o = 0u; o < outSize; o++) {
    acc += outputGrad[b * outSize + o] * theta[row + o];
  }
  inputGrad[n] = acc;
}
