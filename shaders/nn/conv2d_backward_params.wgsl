// 2-D convolution backward to the parameters, written into g at the layer's offset:
//   weightGrad[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − pad, ox + kx − pad, ci] · outputGrad[b, oy, ox, co]
//   biasGrad[co]               = Σ_{b, oy, ox} outputGrad[b, oy, ox, co]
// W is a [K = k·k·Cin, Cout] matrix whose row r = (ky·k + kx)·Cin + ci. One thread per
// block of 4 rows (r0..r0+3) and 8 output channels (co0..co0+7): each x it loads serves 8
// sums and each outputGrad 4 (32 sums from 12 loads). Rows rather than 4 input channels
// at one tap, so that a first layer (Cin = 1) wastes no lanes: 1.6–2.5× faster there,
// 0.8–1.0× on the paper's other convs. Threads of the last block sum the bias. On
// SwiftShader (src/bench/conv.ts, README), one workgroup per parameter with a tree in
// workgroup memory (the earlier kernel) was 11–82× slower, 4 output channels a thread
// 1.5× slower on the paper's second conv, and 8 input × 8 output channels no faster.
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
  let taps = p.kernel * p.kernel;
  let rows = taps * p.inChannels; // K: the rows (ky, kx, ci) of W
  let rowBlocks = (rows + 3u) / 4u;
  if (n >= (rowBlocks + 1u) * coBlocks) {
    return;
  }
  // Adjacent threads take adjacent channel blocks: their outputGrad loads are adjacent.
  let co0 = n % coBlocks * 8u;
  let block = n / coBlocks;
  // Channels past the last repeat it (a valid read); their sums are not written.
  let cos = min(vec4u(co0) + vec4u(0u, 1u, 2u, 3u), vec4u(p.outChannels - 1u));
  let cos2 = min(vec4u(co0) + vec4u(4u, 5u, 6u, 7u), vec4u(p.outChannels - 1u));
  let pixels = p.outHeight * p.outWidth;
  let weights = taps * p.inChannels * p.outChannels;
  if (block == rowBlocks) {
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
  // Rows past the last repeat it (a valid read); their sums are not written.
  let r0 = block * 4u;
  let r = min(vec4u(r0) + vec4u(0u, 1u, 2u, 3u), vec4u(rows - 1u));
  let ci = r % p.inChannels;
  let tap = r / p.inChannels;
  let ky = tap / p.kernel;
  let kx = tap % p.kernel;
  // Named accumulators, one per row, each over 4 output channels: a* for cos, c* for cos2.
  var ta0 = vec4f(0.0);
  var ta1 = vec4f(0.0);
  var ta2 = vec4f(0.0);
  var ta3 = vec4f(0.0);
  var tc0 = vec4f(0.0);
  var tc1 = vec4f(0.0);
  var tc2 = vec4f(0.0);
  var tc3 = vec4f(0.0);
  for (var b = 0u; b < p.batch; b++) {
    var a0 = vec4f(0.0);
    var a1 = vec4f(0.0);
    var a2 = vec4f(0.0);
    var a3 = vec4f(0.0);
    var c0 = vec4f(0.0);
    var c1 = vec4f(0.0);
    var c2 = vec4f(0.0);
    var c3 = vec4f(0.0);
    for (var oy = 0u; oy < p.outHeight; oy++) {
      // Each row's input pixel; u32 wrap-around: outside rows fail `< height`.
      let iy = vec4u(oy) + ky - vec4u(p.pad);
      let insideY = iy < vec4u(p.height);
      let xRow = (vec4u(b * p.height) + iy) * p.width;
      let dyRow = (b * p.outHeight + oy) * p.outWidth;
      for (var ox = 0u; ox < p.outWidth; ox++) {
        let ix = vec4u(ox) + kx - vec4u(p.pad);
        let inside = insideY & (ix < vec4u(p.width));
        // A row whose tap falls in the padding reads x[0] and multiplies by zero instead.
        let xAt = select(vec4u(0u), (xRow + ix) * p.inChannels + ci, inside);
        let xs = select(vec4f(0.0), vec4f(x[xAt.x], x[xAt.y], x[xAt.z], x[xAt.w]), inside);
        let dyAt = (dyRow + ox) * p.outChannels;
        let dy = vec4f(outputGrad[dyAt + cos.x], outputGrad[dyAt + cos.y], outputGrad[dyAt + cos.z], outputGrad[dyAt + cos.w]);
        let dz = vec4f(outputGrad[dyAt + cos2.x], outputGrad[dyAt + cos2.y], outputGrad[dyAt + cos2.z], outputGrad[dyAt + cos2.w]);
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
    ta0 += a0;
    ta1 += a1;
    ta2 += a2;
    ta3 += a3;
    tc0 += c0;
    tc1 += c1;
    tc2 += c2;
    tc3 += c3;
  }
  // W[ky, kx, ci, co] is row r, column co: rows are Cout apart.
  let sums = array<vec4f, 8>(ta0, tc0, ta1, tc1, ta2, tc2, ta3, tc3);
  for (var j = 0u; j < 4u && r0 + j < rows; j++) {
    let at = p.offset + (r0 + j) * p.outChannels + co0;
    for (var k = 0u; k < 8u && co0 + k < p.outChannels; k++) {
      g[at + k] = sums[2u * j + k / 4u][k % 4u];
    }
  }
}
