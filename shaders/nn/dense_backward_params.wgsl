// Dense layer backward to the parameters: weightGrad = xᵀ·outputGrad and
// biasGrad = Σ_b outputGrad, written into g at the layer's offset (same layout as θ).
// One thread per column o and block of 4 input features (i0..i0+3): each outputGrad[b, o]
// it loads serves 4 weights, about 2× faster on SwiftShader than one thread per weight
// (npm run bench). Threads of the last block (i0 = in, rounded up to 4) sum the bias.
// Every sum runs over the batch in order: deterministic, no atomics.
// CPU twin: denseBackwardParams in src/reference/layers.ts.

struct Params {
  batch: u32,   // B: rows of x and outputGrad
  inSize: u32,  // features per input row
  outSize: u32, // units per output row
  offset: u32,  // o_l: index of W[0, 0] in g; the bias gradient follows the weights
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;          // the layer's input [B, in]
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>; // ∂L/∂y [B, out]
@group(0) @binding(3) var<storage, read_write> g: array<f32>;    // ∂L/∂θ: every parameter's gradient

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let inSize = params.inSize;
  let outSize = params.outSize;
  let blocks = (inSize + 3u) / 4u;
  if (n >= (blocks + 1u) * outSize) {
    return;
  }
  let o = n % outSize;
  let i0 = n / outSize * 4u;
  if (i0 >= inSize) {
    var acc = 0.0;
    for (var b = 0u; b < params.batch; b++) {
      acc += outputGrad[b * outSize + o];
    }
    g[params.offset + inSize * outSize + o] = acc;
    return;
  }
  // Features past the input repeat the last one (a valid read); their sums are not written.
  let cols = min(vec4u(i0) + vec4u(0u, 1u, 2u, 3u), vec4u(inSize - 1u));
  var acc = vec4f(0.0);
  for (var b = 0u; b < params.batch; b++) {
    let row = b * inSize;
    acc += vec4f(x[row + cols.x], x[row + cols.y], x[row + cols.z], x[row + cols.w]) * outputGrad[b * outSize + o];
  }
  for (var k = 0u; k < 4u && i0 + k < inSize; k++) {
    g[params.offset + (i0 + k) * outSize + o] = acc[k];
  }
}
