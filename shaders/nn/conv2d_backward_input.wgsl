// 2-D convolution backward to the input: inputGrad[b, iy, ix, ci] =
// Σ_{ky, kx, co} outputGrad[b, iy + pad − ky, ix + pad − kx, co] · W[ky, kx, ci, co].
// A gather, so no atomics. One thread per block of 4 input pixels (flat over b, iy, ix:
// m0..m0+3) and 8 input channels (ci0..ci0+7): each weight it loads serves 4 pixels and
// each outputGrad 8 channels (32 sums from 12 loads). On SwiftShader one thread per
// element was 5× slower and 4 channels a thread 1.5× slower on the paper's second conv
// (src/bench/conv.ts, README); a first layer (Cin = 1) wastes 7 of 8, but no step asks
// for its input gradient. Each sum still runs over ky, kx, co in order. Layouts as conv2d_forward.wgsl.
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
  let ciBlocks = (p.inChannels + 7u) / 8u;
  let pixels = p.batch * p.height * p.width;
  if (n >= (pixels + 3u) / 4u * ciBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks.
  let ci0 = n % ciBlocks * 8u;
  let m0 = n / ciBlocks * 4u;
  // Pixels and channels past the last repeat it (a valid read); their sums are not written.
  let cis = min(vec4u(ci0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.inChannels - 1u));
  let cis2 = min(vec4u(ci0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.inChannels - 1u));
  let m = min(vec4u(m0) + vec4u(0u, 1u, 2u, 3u), vec4u(pixels - 1u));
  let ix = m % p.width;
  let iy = m / p.width % p.height;
  let b = m / (p.width * p.height);
  // Named accumulators, one per pixel and half block, each over 4 channels.
  var a0 = vec4f(0.0);
  var a1 = vec4f(0.0);
  var a2 = vec4f(0.0);
  var a3 = vec4f(0.0);
  var c0 = vec4f(0.0);
  var c1 = vec4f(0.0);
  var c2 = vec4f(0.0);
  var c3 = vec4f(0.0);
  for (var ky = 0u; ky < p.kernel; ky++) {
    // u32 wrap-around: an output row before 0 becomes huge and fails `< outHeight`.
    let oy = iy + p.pad - ky;
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ox = ix + p.pad - kx;
      let inside = (oy < vec4u(p.outHeight)) & (ox < vec4u(p.outWidth));
      // A pixel with no output at this tap reads outputGrad[0] and multiplies by zero instead.
      let gAt = select(vec4u(0u), ((b * p.outHeight + oy) * p.outWidth + ox) * p.outChannels, inside);
      let tapAt = vec4u(p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels);
      let wAt = tapAt + cis * p.outChannels;
      let vAt = tapAt + cis2 * p.outChannels;
      for (var co = 0u; co < p.outChannels; co++) {
        let w = vec4f(theta[wAt.x + co], theta[wAt.y + co], theta[wAt.z + co], theta[wAt.w + co]);
        let v = vec4f(theta[vAt.x + co], theta[vAt.y + co], theta[vAt.z + co], theta[vAt.w + co]);
        let dy = select(vec4f(0.0), vec4f(outputGrad[gAt.x + co], outputGrad[gAt.y + co], outputGrad[gAt.z + co], outputGrad[gAt.w + co]), inside);
        a0 += dy.x * w;
        a1 += dy.y * w;
        a2 += dy.z * w;
        a3 += dy.w * w;
        c0 += dy.x * v;
        c1 += dy.y * v;
        c2 += dy.z * v;
        c3 += dy.w * v;
      }
    }
  }
  let sums = array<vec4f, 8>(a0, c0, a1, c1, a2, c2, a3, c3);
  for (var j = 0u; j < 4u && m0 + j < pixels; j++) {
    let at = (m0 + j) * p.inChannels + ci0;
    for (var k = 0u; k < 8u && ci0 + k < p.inChannels; k++) {
      inputGrad[at + k] = sums[2u * j + k / 4u][k % 4u];
    }
  }
}
