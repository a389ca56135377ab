// 2-D convolution forward (k×k, stride 1, zero padding `pad`): one thread per output
// element (b, oy, ox, co). Activations are NHWC; W is [k, k, Cin, Cout] (HWIO) at
// θ[offset], the bias [Cout] follows it (src/nn/model.ts).
// CPU twin: conv2dForward in src/reference/layers.ts.

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
  if (n >= p.batch * p.outHeight * p.outWidth * p.outChannels) {
    return;
  }
  let co = n % p.outChannels;
  let ox = (n / p.outChannels) % p.outWidth;
  let oy = (n / (p.outChannels * p.outWidth)) % p.outHeight;
  let b = n / (p.outChannels * p.outWidth * p.outHeight);
  var acc = 0.0;
  for (var ky = 0u; ky < p.kernel; ky++) {
    // u32 arithmetic wraps, so a row above the image becomes huge and fails `< height`.
    let iy = oy + ky - p.pad;
    if (iy >= p.height) {
      continue;
    }
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ix = ox + kx - p.pad;
      if (ix >= p.width) {
        continue;
      }
      let xBase = ((b * p.height + iy) * p.width + ix) * p.inChannels;
      let wBase = p.offset + (ky * p.kernel + kx) * p.inChannels * p.outChannels + co;
      for (var ci = 0u; ci < p.inChannels; ci++) {
        acc += x[xBase + ci] * theta[wBase + ci * p.outChannels];
      }
    }
  }
  let bias = p.offset + p.kernel * p.kernel * p.inChannels * p.outChannels + co;
  y[n] = acc + theta[bias];
}
