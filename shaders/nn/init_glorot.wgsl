// Glorot-uniform init of one layer (docs/design.md §3 "Init"); needs RNG_WGSL (src/rng/wgsl.ts)
// prepended. For the layer's weights, with j the GLOBAL index into θ (not the index within
// the tensor), so θ0 is the same on every device and for every schedule of dispatches:
//   θ0[j] = a · uneg11(x_{j&3}),  x = philox4x32_10((j>>2, 0, 0, 0), (seed, INIT)),  a = √(6/(fan_in+fan_out))
// The bias that follows the weights is 0. One thread per parameter of the layer.
// CPU twin: glorotInit in src/reference/layers.ts.

struct Params {
  offset: u32,     // o_l: global index in θ of the layer's first weight
  weightSize: u32, // weights in the layer
  biasSize: u32,   // bias entries after the weights
  scale: f32,      // a = √(6/(fan_in+fan_out)), rounded to f32 by the host
}

struct Seed {
  seed: u32, // key word 0; word 1 is PURPOSE_INIT
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<uniform> seed: Seed;
@group(0) @binding(2) var<storage, read_write> theta: array<f32>; // θ: every parameter of the network

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let i = flatIndex(gid, groups);
  if (i >= params.weightSize + params.biasSize) {
    return;
  }
  let j = params.offset + i;
  var value = 0.0;
  if (i < params.weightSize) {
    let x = philox4x32_10(vec4u(j >> 2u, 0u, 0u, 0u), vec2u(seed.seed, PURPOSE_INIT));
    value = params.scale * uneg11(x[j & 3u]);
  }
  theta[j] = value;
}
