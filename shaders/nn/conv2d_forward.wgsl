// 2-D convolution forward (k×k, stride 1, zero padding `pad`). One thread per block of 8
// output pixels (flat over b, oy, ox: m0..m0+7) and 8 output channels (co0..co0+7): each
// weight it loads serves 8 pixels and each input value 8 channels (64 sums from 16
// loads). On SwiftShader every load is a per-lane gather, so loads per sum set the pace:
// one thread per output was 5.5–9.6× slower, 4 × 8 a thread 1.2–1.6× slower, and one output
// channel × 8 pixels (adjacent threads reading adjacent weights) 2× slower than 4 × 8
// (src/bench/conv.ts, README). Each y[b, oy, ox, co] still sums over ky, kx, ci in order
// and then adds the bias, as the CPU twin does.
// Activations are NHWC; W is [k, k, Cin, Cout] (HWIO) at θ[offset], the bias [Cout]
// follows it (src/nn/model.ts). CPU twin: conv2dForward in src/reference/layers.ts.

// struct Params (the uniform): conv2d_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> theta: array<f32>;   // θ: every parameter of the network
@group(0) @binding(2) var<storage, read> x: array<f32>;       // input [B, H, W, Cin]
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // output [B, OH, OW, Cout]

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let p = params;
  let coBlocks = (p.outChannels + 7u) / 8u;
  let pixels = p.batch * p.outHeight * p.outWidth;
  if (n >= (pixels + 7u) / 8u * coBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks: their weight loads are adjacent.
  let co0 = n % coBlocks * 8u;
  let m0 = n / coBlocks * 8u;
  // Pixels and channels past the last repeat it (a valid read); their sums are not written.
  let cos = min(vec4u(co0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.outChannels - 1u));
  let cos2 = min(vec4u(co0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.outChannels - 1u));
  let mA = min(vec4u(m0) + vec4u(0u, 1u, 2u, 3u), vec4u(pixels - 1u));
  let mB = min(vec4u(m0) + vec4u(4u, 5u, 6u, 7u), vec4u(pixels - 1u));
  let oxA = mA % p.outWidth;
  let oyA = mA / p.outWidth % p.outHeight;
  let bA = mA / (p.outWidth * p.outHeight);
  let oxB = mB % p.outWidth;
  let oyB = mB / p.outWidth % p.outHeight;
  let bB = mB / (p.outWidth * p.outHeight);
  // Accumulators: column j of aa is pixel j of A over channels cos, and so on.
  var aa = mat4x4f();
  var ab = mat4x4f();
  var ba = mat4x4f();
  var bb = mat4x4f();
  for (var ky = 0u; ky < p.kernel; ky++) {
    let iyA = oyA + ky - p.pad;
    let iyB = oyB + ky - p.pad;
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ixA = oxA + kx - p.pad;
      let ixB = oxB + kx - p.pad;
      let inA = (iyA < vec4u(p.height)) & (ixA < vec4u(p.width));
      let inB = (iyB < vec4u(p.height)) & (ixB < vec4u(p.width));
      let xA = select(vec4u(0u), ((bA * p.height + iyA) * p.width + ixA) * p.inChannels, inA);
      let xB = select(vec4u(0u), ((bB * p.height + iyB) * p.width + ixB) * p.inChannels, inB);
      let wAt = p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels;
      for (var ci = 0u; ci < p.inChannels; ci++) {
        let wRow = wAt + ci * p.outChannels;
        let w = vec4f(theta[wRow + cos.x], theta[wRow + cos.y], theta[wRow + cos.z], theta[wRow + cos.w]);
        let v = vec4f(theta[wRow + cos2.x], theta[wRow + cos2.y], theta[wRow + cos2.z], theta[wRow + cos2.w]);
        let xa = select(vec4f(0.0), vec4f(x[xA.x + ci], x[xA.y + ci], x[xA.z + ci], x[xA.w + ci]), inA);
        let xb = select(vec4f(0.0), vec4f(x[xB.x + ci], x[xB.y + ci], x[xB.z + ci], x[xB.w + ci]), inB);
        aa += mat4x4f(xa.x * w, xa.y * w, xa.z * w, xa.w * w);
        ab += mat4x4f(xa.x * v, xa.y * v, xa.z * v, xa.w * v);
        ba += mat4x4f(xb.x * w, xb.y * w, xb.z * w, xb.w * w);
        bb += mat4x4f(xb.x * v, xb.y * v, xb.z * v, xb.w * v);
      }
    }
  }
  let biasAt = p.offset + p.kernel * p.kernel * p.inChannels * p.outChannels;
  let bias = vec4f(theta[biasAt + cos.x], theta[biasAt + cos.y], theta[biasAt + cos.z], theta[biasAt + cos.w]);
  let bias2 = vec4f(theta[biasAt + cos2.x], theta[biasAt + cos2.y], theta[biasAt + cos2.z], theta[biasAt + cos2.w]);
  for (var j = 0u; j < 8u && m0 + j < pixels; j++) {
    let at = (m0 + j) * p.outChannels + co0;
    let lo = select(aa[j % 4u], ba[j % 4u], j >= 4u) + bias;
    let hi = select(ab[j % 4u], bb[j % 4u], j >= 4u) + bias2;
    for (var k = 0u; k < 8u && co0 + k < p.outChannels; k++) {
      y[at + k] = select(lo[k % 4u], hi[k % 4u], k >= 4u);
    }
  }
}
