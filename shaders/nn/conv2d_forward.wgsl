// 2-D convolution forward (k×k, stride 1, zero padding `pad`). One thread per block of 4
// output pixels (flat over b, oy, ox: m0..m0+3) and 8 output channels (co0..co0+7): each
// weight it loads serves 4 pixels and each input value 8 channels (32 sums from 12
// loads), against one thread per output before, which was 4–7× slower on SwiftShader
// (4 channels a thread: 1.1× slower; src/bench/conv.ts, README). Each y[b, oy, ox, co] still sums over ky, kx, ci in order
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
  if (n >= (pixels + 3u) / 4u * coBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks: their weight loads are adjacent.
  let co0 = n % coBlocks * 8u;
  let m0 = n / coBlocks * 4u;
  // Pixels and channels past the last repeat it (a valid read); their sums are not written.
  let cos = min(vec4u(co0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.outChannels - 1u));
  let cos2 = min(vec4u(co0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.outChannels - 1u));
  let m = min(vec4u(m0) + vec4u(0u, 1u, 2u, 3u), vec4u(pixels - 1u));
  let ox = m % p.outWidth;
  let oy = m / p.outWidth % p.outHeight;
  let b = m / (p.outWidth * p.outHeight);
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
    // u32 arithmetic wraps, so a row above the image becomes huge and fails `< height`.
    let iy = oy + ky - p.pad;
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ix = ox + kx - p.pad;
      let inside = (iy < vec4u(p.height)) & (ix < vec4u(p.width));
      // A pixel whose tap falls in the padding reads x[0] and multiplies by zero instead.
      let xAt = select(vec4u(0u), ((b * p.height + iy) * p.width + ix) * p.inChannels, inside);
      let wAt = p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels;
      for (var ci = 0u; ci < p.inChannels; ci++) {
        let wRow = wAt + ci * p.outChannels;
        let w = vec4f(theta[wRow + cos.x], theta[wRow + cos.y], theta[wRow + cos.z], theta[wRow + cos.w]);
        let v = vec4f(theta[wRow + cos2.x], theta[wRow + cos2.y], theta[wRow + cos2.z], theta[wRow + cos2.w]);
        let xs = select(vec4f(0.0), vec4f(x[xAt.x + ci], x[xAt.y + ci], x[xAt.z + ci], x[xAt.w + ci]), inside);
        a0 += xs.x * w;
        a1 += xs.y * w;
        a2 += xs.z * w;
        a3 += xs.w * w;
        c0 += xs.x * v;
        c1 += xs.y * v;
        c2 += xs.z * v;
        c3 += xs.w * v;
      }
    }
  }
  let biasAt = p.offset + p.kernel * p.kernel * p.inChannels * p.outChannels;
  let bias = vec4f(theta[biasAt + cos.x], theta[biasAt + cos.y], theta[biasAt + cos.z], theta[biasAt + cos.w]);
  let bias2 = vec4f(theta[biasAt + cos2.x], theta[biasAt + cos2.y], theta[biasAt + cos2.z], theta[biasAt + cos2.w]);
  let sums = array<vec4f, 8>(a0 + bias, c0 + bias2, a1 + bias, c1 + bias2, a2 + bias, c2 + bias2, a3 + bias, c3 + bias2);
  for (var j = 0u; j < 4u && m0 + j < pixels; j++) {
    let at = (m0 + j) * p.outChannels + co0;
    for (var k = 0u; k < 8u && co0 + k < p.outChannels; k++) {
      y[at + k] = sums[2u * j + k / 4u][k % 4u];
    }
  }
}
