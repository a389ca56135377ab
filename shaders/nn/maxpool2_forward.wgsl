// 2×2 max pooling, stride 2, floor (an odd last row/column is dropped). One thread per
// output element (b, oy, ox, c). It records, per output, the flat index into x of the
// winning input, so the backward pass is a gather. Ties go to the first in scan order
// (row-major within the window), as the CPU twin: maxpool2Forward in src/reference/layers.ts.

// struct Params (the uniform): maxpool2_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;            // input [B, H, W, C]
@group(0) @binding(2) var<storage, read_write> y: array<f32>;      // output [B, OH, OW, C]
@group(0) @binding(3) var<storage, read_write> argmax: array<u32>; // per output: index into x of its max

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let p = params;
  if (n >= p.batch * p.outHeight * p.outWidth * p.channels) {
    return;
  }
  let c = n % p.channels;
  let ox = (n / p.channels) % p.outWidth;
  let oy = (n / (p.channels * p.outWidth)) % p.outHeight;
  let b = n / (p.channels * p.outWidth * p.outHeight);
  var best = ((b * p.height + 2u * oy) * p.width + 2u * ox) * p.channels + c;
  var value = x[best];
  for (var k = 1u; k < 4u; k++) {
    let i = ((b * p.height + 2u * oy + k / 2u) * p.width + 2u * ox + k % 2u) * p.channels + c;
    if (x[i] > value) {
      value = x[i];
      best = i;
    }
  }
  y[n] = value;
  argmax[n] = best;
}
