// Dense layer forward: y = x·W + b. One thread per output element (b, o).
// Layout (src/nn/model.ts): W is [in, out] row-major at θ[offset], the bias [out] follows it.
// CPU twin: denseForward in src/reference/layers.ts.

struct Params {
  batch: u32,   // B: rows of x and y
  inSize: u32,  // features per input row
  outSize: u32, // units per output row
  offset: u32,  // o_l: index of W[0, 0] in θ
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;   // θ: every parameter of the network
@group(0) @binding(2) var<storage, read> x: array<f32>;       // input [B, in]
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // output [B, out]

override workgroupSize: u32 = 64;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  // 2-D grid: more than 65,535 workgroups are split over y (grid2d in src/engine/kernel.ts).
  let n = gid.x + gid.y * groups.x * workgroupSize;
  let outSize = params.outSize;
  if (n >= params.batch * outSize) {
    return;
  }
  let b = n / outSize;
  let o = n % outSize;
  let row = b * params.inSize;
  // Adjacent threads read adjacent columns of W, so the loads coalesce.
  var acc = 0.0;
  for (var i = 0u; i < params.inSize; i++) {
    acc += x[row + i] * theta[params.offset + i * outSize + o];
  }
  y[n] = acc + theta[params.offset + params.inSize * outSize + o];
}
