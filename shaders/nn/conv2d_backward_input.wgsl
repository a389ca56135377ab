// 2-D convolution backward to the input: inputGrad[b, iy, ix, ci] =
// Σ_{ky, kx, co} outputGrad[b, iy + pad − ky, ix + pad − kx, co] · W[ky, kx, ci, co].
// One thread per input element: a gather, so no atomics. Layouts as conv2d_forward.wgsl.
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
  if (n >= p.batch * p.height * p.width * p.inChannels) {
    return;
  }
  let ci = n % p.inChannels;
  let ix = (n / p.inChannels) % p.width;
  let iy = (n / (p.inChannels * p.width)) % p.height;
  let b = n / (p.inChannels * p.width * p.height);
  var acc = 0.0;
  for (var ky = 0u; ky < p.kernel; ky++) {
    // u32 wrap-around: an output row before 0 becomes huge and fails `< outHeight`.
    let oy = iy + p.pad - ky;
    if (oy >= p.outHeight) {
      continue;
    }
    for (var kx = 0u; kx < p.kernel; kx++) {
      let ox = ix + p.pad - kx;
      if (ox >= p.outWidth) {
        continue;
      }
      let gBase = ((b * p.outHeight + oy) * p.outWidth + ox) * p.outChannels;
      let wBase = p.offset + ((ky * p.kernel + kx) * p.inChannels + ci) * p.outChannels;
      for (var co = 0u; co < p.outChannels; co++) {
        acc += outputGrad[gBase + co] * theta[wBase + co];
      }
    }
  }
  inputGrad[n] = acc;
}
