// The uniform of the two maxpool2 kernels, prepended to each (src/nn/layers/maxpool2.ts).

struct Params {
  batch: u32,     // B: images
  height: u32,    // H: input rows
  width: u32,     // W: input columns
  channels: u32,  // C: channels, the same in and out
  outHeight: u32, // OH = ⌊H/2⌋
  outWidth: u32,  // OW = ⌊W/2⌋
}
