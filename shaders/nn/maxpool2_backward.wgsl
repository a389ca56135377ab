// 2×2 max pooling backward: each input element takes its window's outputGrad if it was
// the recorded argmax, else 0. One thread per INPUT element (a gather: no atomics, and
// no separate zeroing pass; inputs in a dropped odd row/column get 0).
// CPU twin: maxpool2Backward in src/reference/layers.ts.

// struct Params (the uniform): maxpool2_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> outputGrad: array<f32>;      // ∂L/∂y [B, OH, OW, C]
@group(0) @binding(2) var<storage, read> argmax: array<u32>;          // per output: index into x of its max
@group(0) @binding(3) var<storage, read_write> inputGrad: array<f32>; // ∂L/∂x [B, H, W, C]

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let n = flatIndex(gid, groups);
  let p = params;
  if (n >= p.batch * p.height * p.width * p.channels) {
    return;
  }
  let c = n % p.channels;
  let ix = (n / p.channels) % p.width;
  let iy = (n / (p.channels * p.width)) % p.height;
  let b = n / (p.channels * p.width * p.height);
  let oy = iy / 2u;
  let ox = ix / 2u;
  var grad = 0.0;
  if (oy < p.outHeight && ox < p.outWidth) {
    let o = ((b * p.outHeight + oy) * p.outWidth + ox) * p.channels + c;
    if (argmax[o] == n) {
      grad = outputGrad[o];
    }
  }
  inputGrad[n] = grad;
}
