// 2-D convolution backward to the input: inputGrad[b, iy, ix, ci] =
// Σ_{ky, kx, co} outputGrad[b, iy + pad − ky, ix + pad − kx, co] · W[ky, kx, ci, co].
// A gather, so no atomics. One thread per block of 8 input pixels (flat over b, iy, ix:
// m0..m0+7) and 8 input channels (ci0..ci0+7): each weight it loads serves 8 pixels and
// each outputGrad 8 channels (64 sums from 16 loads). On SwiftShader, on the paper's
// second conv, one thread per element was 7× slower, 4 × 4 a thread 1.8× and 4 × 8 1.2×
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
  if (n >= (pixels + 7u) / 8u * ciBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks.
  let ci0 = n % ciBlocks * 8u;
  let m0 = n / ciBlocks * 8u;
  // Pixels and channels past the last repeat it (a valid read); their sums are not written.
  let cis = min(vec4u(ci0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.inChannels - 1u));
  let cis2 = min(vec4u(ci0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.inChannels - 1u));
  let mA = min(vec4u(m0) + vec4u(0u, 1u, 2u, 3u), vec4u(pixels - 1u));
  let mB = min(vec4u(m0) + vec4u(4u, 5u, 6u, 7u), vec4u(pixels - 1u));
  let ixA = mA % p.width;
  let iyA = mA / p.width % p.height;
  let bA = mA / (p.width * p.height);
  let ixB = mB % p.width;
  let iyB = mB / p.width % p.height;
  let bB = mB / (p.width * p.height);
  // Accumulators: column j of aa is pixel j of A over channels cis, and so on.
  var aa = mat4x4f();
  var ab = mat4x4f();
  var ba = mat4x4f();
  var bb = mat4x4f();
  for (var ky = 0u; ky < p.kernel; ky++) {
    // u32 wrap-around: an output row before 0 becomes huge and fails `< outHeight`.
    let oyA = iyA + p.pad - ky;
    let oyB = iyB + p.pad - ky;
    for (var kx = 0u; kx < p.kernel; kx++) {
      let oxA = ixA + p.pad - kx;
      let oxB = ixB + p.pad - kx;
      let inA = (oyA < vec4u(p.outHeight)) & (oxA < vec4u(p.outWidth));
      let inB = (oyB < vec4u(p.outHeight)) & (oxB < vec4u(p.outWidth));
      // No pixel of the block has an output at this tap (the image's border rows and
      // columns): skip it (1.1× on the paper's second and third convs).
      if (!any(inA | inB)) {
        continue;
      }
      // A pixel with no output at this tap reads outputGrad[0] and multiplies by zero instead.
      let gA = select(vec4u(0u), ((bA * p.outHeight + oyA) * p.outWidth + oxA) * p.outChannels, inA);
      let gB = select(vec4u(0u), ((bB * p.outHeight + oyB) * p.outWidth + oxB) * p.outChannels, inB);
      let tapAt = vec4u(p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels);
      let wAt = tapAt + cis * p.outChannels;
      let vAt = tapAt + cis2 * p.outChannels;
      for (var co = 0u; co < p.outChannels; co++) {
        let w = vec4f(theta[wAt.x + co], theta[wAt.y + co], theta[wAt.z + co], theta[wAt.w + co]);
        let v = vec4f(theta[vAt.x + co], theta[vAt.y + co], theta[vAt.z + co], theta[vAt.w + co]);
        let da = select(vec4f(0.0), vec4f(outputGrad[gA.x + co], outputGrad[gA.y + co], outputGrad[gA.z + co], outputGrad[gA.w + co]), inA);
        let db = select(vec4f(0.0), vec4f(outputGrad[gB.x + co], outputGrad[gB.y + co], outputGrad[gB.z + co], outputGrad[gB.w + co]), inB);
        aa += mat4x4f(da.x * w, da.y * w, da.z * w, da.w * w);
        ab += mat4x4f(da.x * v, da.y * v, da.z * v, da.w * v);
        ba += mat4x4f(db.x * w, db.y * w, db.z * w, db.w * w);
        bb += mat4x4f(db.x * v, db.y * v, db.z * v, db.w * v);
      }
    }
  }
  for (var j = 0u; j < 8u && m0 + j < pixels; j++) {
    let at = (m0 + j) * p.inChannels + ci0;
    let lo = select(aa[j % 4u], ba[j % 4u], j >= 4u);
    let hi = select(ab[j % 4u], bb[j % 4u], j >= 4u);
    for (var k = 0u; k < 8u && ci0 + k < p.inChannels; k++) {
      inputGrad[at + k] = select(lo[k % 4u], hi[k % 4u], k >= 4u);
    }
  }
}
