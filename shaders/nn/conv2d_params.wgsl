// The uniform of the three conv2d kernels, prepended to each (src/nn/layers/conv2d.ts).
// Layouts: activations NHWC, W [k, k, Cin, Cout] (HWIO), the bias [Cout] after W.

struct Params {
  batch: u32,       // B: images
  height: u32,      // H: input rows
  width: u32,       // W: input columns
  inChannels: u32,  // Cin
  outHeight: u32,   // OH: H − k + 1 ('valid') or H ('same')
  outWidth: u32,    // OW: W − k + 1 ('valid') or W ('same')
  outChannels: u32, // Cout: filters
  kernel: u32,      // k
  pad: u32,         // zero rows/columns before the image: 0 ('valid') or (k − 1)/2 ('same')
  offset: u32,      // o_l: index of W[0, 0, 0, 0] in θ (in g for the parameter gradient)
}
