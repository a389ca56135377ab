// 2-D convolution backward to the parameters, written into g at the layer's offset:
//   weightGrad[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − pad, ox + kx − pad, ci] · outputGrad[b, oy, ox, co]
//   biasGrad[co]               = Σ_{b, oy, ox} outputGrad[b, oy, ox, co]
// Each sum has B·OH·OW terms (21,632 for the paper's first conv at B = 32) but there are
// few parameters, so ONE WORKGROUP PER PARAMETER: its threads take strided terms, then a
// fixed-shape tree in workgroup memory adds the partials. Deterministic, no atomics.
// workgroupSize must be a power of two. CPU twin: conv2dBackwardParams in src/reference/layers.ts.

// struct Params (the uniform): conv2d_params.wgsl, prepended.

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;          // the layer's input [B, H, W, Cin]
@group(0) @binding(2) var<storage, read> outputGrad: array<f32>; // ∂L/∂y [B, OH, OW, Cout]
@group(0) @binding(3) var<storage, read_write> g: array<f32>;    // ∂L/∂θ: every parameter's gradient

override workgroupSize: u32 = 64;

var<workgroup> partial: array<f32, workgroupSize>;

@compute @workgroup_size(workgroupSize)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let p = params;
  let j = wid.x + wid.y * groups.x; // the parameter; uniform across the workgroup
  let weights = p.kernel * p.kernel * p.inChannels * p.outChannels;
  if (j >= weights + p.outChannels) {
    return;
  }
  let terms = p.batch * p.outHeight * p.outWidth;
  var acc = 0.0;
  if (j < weights) {
    let co = j % p.outChannels;
    let ci = (j / p.outChannels) % p.inChannels;
    let kx = (j / (p.outChannels * p.inChannels)) % p.kernel;
    let ky = j / (p.outChannels * p.inChannels * p.kernel);
    for (var m = lid; m < terms; m += workgroupSize) {
      let ox = m % p.outWidth;
      let oy = (m / p.outWidth) % p.outHeight;
      let b = m / (p.outWidth * p.outHeight);
      let iy = oy + ky - p.pad; // u32 wrap-around: outside rows fail the test below
      let ix = ox + kx - p.pad;
      if (iy < p.height && ix < p.width) {
        acc += x[((b * p.height + iy) * p.width + ix) * p.inChannels + ci] * outputGrad[m * p.outChannels + co];
      }
    }
  } else {
    let co = j - weights;
    for (var m = lid; m < terms; m += workgroupSize) {
      acc += outputGrad[m * p.outChannels + co];
    }
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var s = workgroupSize / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      partial[lid] += partial[lid + s];
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    g[p.offset + j] = partial[0];
  }
}
