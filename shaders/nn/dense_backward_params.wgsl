// Dense layer backward to the parameters: weightGrad = xᵀ·outputGrad and
// biasGrad = Σ_b outputGrad, written into g at the layer's offset (same layout as θ).
// One thread per parameter, summing over the batch in order: deterministic, no atomics.
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

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = gid.x + gid.y * groups.x * workgroupSize; // 2-D grid, see grid2d
  let inSize = params.inSize;
  let outSize = params.outSize;
  let weights = inSize * outSize;
  if (n >= weights + outSize) {
    return;
  }
  var acc = 0.0;
  if (n < weights) {
    let i = n / outSize;
    let o = n % outSize;
    for (var b = 0u; b < params.batch; b++) {
      acc += x[b * inSize + i] * outputGrad[b * outSize + o];
    }
  } else {
    let o = n - weights;
    for (var b = 0u; b < params.batch; b++) {
      acc += outputGrad[b * outSize + o];
    }
  }
  g[params.offset + n] = acc;
}
