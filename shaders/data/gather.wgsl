// Batch gather (docs/design.md §3, §5): copies the samples at positions [offset, offset + batch)
// of the epoch order into the step's input and label buffers, turning u8 pixels into f32.
// One thread per input value; the thread of feature 0 also copies the sample's label.
// CPU twin: gatherBatch in src/data/dataset.ts.

// True: images are u8 packed 4 per u32 word (byte k in bits 8·(k & 3) of word k >> 2).
// False: images are f32 (synthetic sets), copied as they are.
override imagesU8: bool = true;
override workgroupSize: u32 = 64;

// f32(1/255) as exact bits: a multiply is correctly rounded in WGSL (a division is not),
// so q · INV_255 equals the CPU's Math.fround(q * Math.fround(1/255)) bit for bit.
const INV_255 = bitcast<f32>(0x3b808081u);

struct Params {
  offset: u32,   // first position in `order` of this batch, (b·W + w)·B; written per step
  batch: u32,    // B: samples in the batch
  features: u32, // F = h·w·c: values per sample
  _pad: u32,     // uniform structs are padded to 16 bytes
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> order: array<u32>;             // epoch order: sample indices, uploaded once per epoch
@group(0) @binding(2) var<storage, read> images: array<u32>;            // count × F values, u8 packed or f32 bits (imagesU8)
@group(0) @binding(3) var<storage, read> labels: array<u32>;            // count labels, u8 packed 4 per word
@group(0) @binding(4) var<storage, read_write> inputs: array<f32>;      // out [B × F]: the batch, NHWC, normalised
@group(0) @binding(5) var<storage, read_write> batchLabels: array<u32>; // out [B]: the batch's class indices

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  // The dispatch may be a 2-D grid (grid2d) when B·F/64 exceeds the per-dimension limit.
  let t = gid.x + gid.y * groups.x * workgroupSize;
  if (t >= params.batch * params.features) { return; }
  let i = t / params.features;
  let f = t - i * params.features;
  let n = order[params.offset + i];
  let k = n * params.features + f;
  if (imagesU8) {
    inputs[t] = f32((images[k >> 2u] >> (8u * (k & 3u))) & 0xffu) * INV_255;
  } else {
    inputs[t] = bitcast<f32>(images[k]);
  }
  if (f == 0u) {
    batchLabels[i] = (labels[n >> 2u] >> (8u * (n & 3u))) & 0xffu;
  }
}
