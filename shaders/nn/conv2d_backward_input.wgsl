// 2-D convolution backward to the input: inputGrad[b, iy, ix, ci] =
// Σ_{ky, kx, co} outputGrad[b, iy + pad − ky, ix + pad − kx, co] · W[ky, kx, ci, co].
// A gather, so no atomics. One thread per block of 4 input pixels (flat over b, iy, ix:
// m0..m0+3) and 4 input channels (ci0..ci0+3): each weight it loads serves 4 pixels and
// each outputGrad 4 channels (16 sums from 8 loads), against one thread per element
// before, which was several times slower on SwiftShader (src/bench/conv.ts, README). Each
// sum still runs over ky, kx, co in order. Layouts as conv2d_forward.wgsl.
// CPU twin: conv2dBackwardInput in src/reference/layers.ts.

// struct Params (the uniform): conv2d_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;           // θ: every parameter of the network
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>;      // ∂L/∂y [B, OH, OW, Cout]
@group(0) @binding(3) var<storage, read_write> inputGrad: array<f32>; // ∂L/∂x [B, H, W, Cin]

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let p = params;
  let ciBlocks = (p.inChannels + 3u) / 4u;
  let pixels = p.batch * p.height * p.width;
  if (n >= (pixels + 3u) / 4u * ciBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks.
  let ci0 = n % ciBlocks * 4u;
  let m0 = n / ciBlocks * 4u;
  // Pixels and channels past the last repeat it (a valid read); their sums are not written.
  let cis = min(vec4u(ci0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.inChannels - 1u));
  let m = min(vec4u(m0) + vec4u(0u, 1u, 2u, 3u), vec4u(pixels - 1u));
  let ix = m % p.width;
  let iy = m / p.width % p.height;
  let b = m / (p.width * p.height);
  // Named accumulators, one per pixel, each over the 4 channels.
  var a0 = vec4f(0.0);
  var a1 = vec4f(0.0);
  var a2 = vec4f(0.0);
  var a3 = vec4f(0.0);
  for (var ky = 0u; ky < p.kernel; ky++) {
    // u32 wrap-around: an output row before 0 becomes huge and fails `< outHeight`.
    let oy = iy + p.pad - ky;
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ox = ix + p.pad - kx;
      let inside = (oy < vec4u(p.outHeight)) & (ox < vec4u(p.outWidth));
      // A pixel with no output at this tap reads outputGrad[0] and multiplies by zero instead.
      let gAt = select(vec4u(0u), ((b * p.outHeight + oy) * p.outWidth + ox) * p.outChannels, inside);
      let wAt = vec4u(p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels) + cis * p.outChannels;
      for (var co = 0u; co < p.outChannels; co++) {
        let w = vec4f(theta[wAt.x + co], theta[wAt.y + co], theta[wAt.z + co], theta[wAt.w + co]);
        let dy = select(vec4f(0.0), vec4f(outputGrad[gAt.x + co], outputGrad[gAt.y + co], outputGrad[gAt.z + co], outputGrad[gAt.w + co]), inside);
        a0 += dy.x * w;
        a1 += dy.y * w;
        a2 += dy.z * w;
        a3 += dy.w * w;
      }
    }
  }
  let sums = array<vec4f, 4>(a0, a1, a2, a3);
  for (var j = 0u; j < 4u && m0 + j < pixels; j++) {
    let at = (m0 + j) * p.inChannels + ci0;
    for (var k = 0u; k < 4u && ci0 + k < p.inChannels; k++) {
      inputGrad[at + k] = sums[j][k];
    }
  }
}
