// 2-D convolution backward to the parameters, written into g at the layer's offset:
//   weightGrad[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − pad, ox + kx − pad, ci] · outputGrad[b, oy, ox, co]
//   biasGrad[co]               = Σ_{b, oy, ox} outputGrad[b, oy, ox, co]
// One thread per block of 8 output channels (co0..co0+7) and 4 input channels
// (ci0..ci0+3) at one tap (ky, kx): each x it loads serves 8 sums and each outputGrad 4
// (32 sums from 12 loads), and the tap fixes the range of output pixels whose window
// holds an input pixel, so the pixel loop has no bounds test. Threads of the last row of
// blocks sum the bias. One workgroup per parameter with a tree in workgroup memory (the
// earlier kernel) was 12–60× slower on SwiftShader, and 4 output channels a thread 1.5×
// slower on the paper's second conv (src/bench/conv.ts, README).
// Each sum runs over b, oy, ox in order, an image at a time into a partial that is then
// added to the total (so that rounding grows with OH·OW + B, not B·OH·OW): a fixed order,
// deterministic, no atomics. CPU twin: conv2dBackwardParams in src/reference/layers.ts.

// struct Params (the uniform): conv2d_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;          // the layer's input [B, H, W, Cin]
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>; // ∂L/∂y [B, OH, OW, Cout]
@group(0) @binding(3) var<storage, read_write> g: array<f32>;    // ∂L/∂θ: every parameter's gradient

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let p = params;
  let coBlocks = (p.outChannels + 7u) / 8u;
  let ciBlocks = (p.inChannels + 3u) / 4u;
  let taps = p.kernel * p.kernel;
  if (n >= (taps * ciBlocks + 1u) * coBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks: their outputGrad loads are adjacent.
  let co0 = n % coBlocks * 8u;
  let row = n / coBlocks;
  // Channels past the last repeat it (a valid read); their sums are not written.
  let cos = min(vec4u(co0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.outChannels - 1u));
  let cos2 = min(vec4u(co0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.outChannels - 1u));
  let pixels = p.outHeight * p.outWidth;
  let weights = taps * p.inChannels * p.outChannels;
  if (row == taps * ciBlocks) {
    var total = vec4f(0.0);
    var total2 = vec4f(0.0);
    for (var b = 0u; b < p.batch; b++) {
      var acc = vec4f(0.0);
      var acc2 = vec4f(0.0);
      for (var m = b * pixels; m < (b + 1u) * pixels; m++) {
        let dy = m * p.outChannels;
        acc += vec4f(outputGrad[dy + cos.x], outputGrad[dy + cos.y], outputGrad[dy + cos.z], outputGrad[dy + cos.w]);
        acc2 += vec4f(outputGrad[dy + cos2.x], outputGrad[dy + cos2.y], outputGrad[dy + cos2.z], outputGrad[dy + cos2.w]);
      }
      total += acc;
      total2 += acc2;
    }
    for (var k = 0u; k < 4u && co0 + k < p.outChannels; k++) {
      g[p.offset + weights + co0 + k] = total[k];
    }
    for (var k = 0u; k < 4u && co0 + 4u + k < p.outChannels; k++) {
      g[p.offset + weights + co0 + 4u + k] = total2[k];
    }
    return;
  }
  let tap = row / ciBlocks;
  let ci0 = row % ciBlocks * 4u;
  let ky = tap / p.kernel;
  let kx = tap % p.kernel;
  let cis = min(vec4u(ci0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.inChannels - 1u));
  // Output rows oy with 0 ≤ oy + ky − pad < H, and columns likewise.
  let oyLo = select(0u, p.pad - ky, p.pad > ky);
  let oyHi = min(p.outHeight, p.height + p.pad - ky);
  let oxLo = select(0u, p.pad - kx, p.pad > kx);
  let oxHi = min(p.outWidth, p.width + p.pad - kx);
  // Named accumulators, one per input channel and half block, each over 4 output channels.
  var t0 = vec4f(0.0);
  var t1 = vec4f(0.0);
  var t2 = vec4f(0.0);
  var t3 = vec4f(0.0);
  var u0 = vec4f(0.0);
  var u1 = vec4f(0.0);
  var u2 = vec4f(0.0);
  var u3 = vec4f(0.0);
  for (var b = 0u; b < p.batch; b++) {
    var a0 = vec4f(0.0);
    var a1 = vec4f(0.0);
    var a2 = vec4f(0.0);
    var a3 = vec4f(0.0);
    var c0 = vec4f(0.0);
    var c1 = vec4f(0.0);
    var c2 = vec4f(0.0);
    var c3 = vec4f(0.0);
    for (var oy = oyLo; oy < oyHi; oy++) {
      let dyRow = (b * p.outHeight + oy) * p.outWidth;
      let xRow = (b * p.height + oy + ky - p.pad) * p.width + kx - p.pad; // + ox: the input pixel
      for (var ox = oxLo; ox < oxHi; ox++) {
        let dyAt = (dyRow + ox) * p.outChannels;
        let dy = vec4f(outputGrad[dyAt + cos.x], outputGrad[dyAt + cos.y], outputGrad[dyAt + cos.z], outputGrad[dyAt + cos.w]);
        let dz = vec4f(outputGrad[dyAt + cos2.x], outputGrad[dyAt + cos2.y], outputGrad[dyAt + cos2.z], outputGrad[dyAt + cos2.w]);
        let xAt = (xRow + ox) * p.inChannels;
        let xs = vec4f(x[xAt + cis.x], x[xAt + cis.y], x[xAt + cis.z], x[xAt + cis.w]);
        a0 += xs.x * dy;
        a1 += xs.y * dy;
        a2 += xs.z * dy;
        a3 += xs.w * dy;
        c0 += xs.x * dz;
        c1 += xs.y * dz;
        c2 += xs.z * dz;
        c3 += xs.w * dz;
      }
    }
    t0 += a0;
    t1 += a1;
    t2 += a2;
    t3 += a3;
    u0 += c0;
    u1 += c1;
    u2 += c2;
    u3 += c3;
  }
  let at = p.offset + (tap * p.inChannels + ci0) * p.outChannels + co0;
  for (var k = 0u; k < 4u && co0 + k < p.outChannels; k++) {
    g[at + k] = t0[k];
    if (ci0 + 1u < p.inChannels) { g[at + p.outChannels + k] = t1[k]; }
    if (ci0 + 2u < p.inChannels) { g[at + 2u * p.outChannels + k] = t2[k]; }
    if (ci0 + 3u < p.inChannels) { g[at + 3u * p.outChannels + k] = t3[k]; }
  }
  for (var k = 0u; k < 4u && co0 + 4u + k < p.outChannels; k++) {
    g[at + 4u + k] = u0[k];
    if (ci0 + 1u < p.inChannels) { g[at + p.outChannels + 4u + k] = u1[k]; }
    if (ci0 + 2u < p.inChannels) { g[at + 2u * p.outChannels + 4u + k] = u2[k]; }
    if (ci0 + 3u < p.inChannels) { g[at + 3u * p.outChannels + 4u + k] = u3[k]; }
  }
}
