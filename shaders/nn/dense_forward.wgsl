// Dense layer forward: y = x·W + b. One thread per column o and block of 4 batch rows
// (b0..b0+3): each W[i, o] it loads serves 4 rows, which cut the step's forward time by
// 2–3× on SwiftShader against one thread per output (npm run bench). Each y[b, o] still
// sums over i in order, as the CPU twin does.
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

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let outSize = params.outSize;
  if (n >= (params.batch + 3u) / 4u * outSize) {
    return;
  }
  let b0 = n / outSize * 4u;
  let o = n % outSize;
  let inSize = params.inSize;
  // Rows past the batch repeat the last one (a valid read); their sums are not written.
  let rows = min(vec4u(b0) + vec4u(0u, 1u, 2u, 3u), vec4u(params.batch - 1u)) * inSize;
  // Adjacent threads read adjacent columns of W, so the loads coalesce.
  var acc = vec4f(0.0);
  for (var i = 0u; i < inSize; i++) {
    acc += vec4f(x[rows.x + i], x[rows.y + i], x[rows.z + i], x[rows.w + i]) * theta[params.offset + i * outSize + o];
  }
  let bias = theta[params.offset + inSize * outSize + o];
  for (var k = 0u; k < 4u && b0 + k < params.batch; k++) {
    y[(b0 + k) * outSize + o] = acc[k] + bias;
  }
}
