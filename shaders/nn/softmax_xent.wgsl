// Softmax cross-entropy, the end of the forward pass and the start of the backward one.
// One thread per row b of the batch buffer:
//   loss[b]       = log Σ_c exp(z_c − m) − (z_label − m),  m = max_c z_c (stable: no overflow)
//   correct[b]    = 1 if argmax_c z_c == label (first maximum wins), else 0
//   logitsGrad[b] = (softmax(z) − onehot(label)) / count   (the gradient of the MEAN loss)
// Rows b ≥ count are padding (the last, partial evaluation batch): all three are 0 there.
// Labels must be < classes. CPU twin: softmaxXent in src/reference/layers.ts.

struct Batch {
  count: u32,   // real samples in this batch (≤ rows); the loss is averaged over them
  rows: u32,    // B: rows in the buffers
  classes: u32, // C: logits per row
}

@group(0) @binding(0) var<uniform> batch: Batch;
@group(0) @binding(1) var<storage, read> logits: array<f32>;           // z [B, C]
@group(0) @binding(2) var<storage, read> labels: array<u32>;           // [B] class indices
@group(0) @binding(3) var<storage, read_write> loss: array<f32>;       // [B] per-sample loss
@group(0) @binding(4) var<storage, read_write> correct: array<u32>;    // [B] 1 if predicted right
@group(0) @binding(5) var<storage, read_write> logitsGrad: array<f32>; // ∂L/∂z [B, C]

// workgroupSize and flatIndex: common.wgsl, prepended.

@compute @workgroup_size(workgroupSize)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) groups: vec3u) {
  let b = flatIndex(gid, groups);
  let C = batch.classes;
  if (b >= batch.rows) {
    return;
  }
  let row = b * C;
  if (b >= batch.count) {
    loss[b] = 0.0;
    correct[b] = 0u;
    for (var c = 0u; c < C; c++) {
      logitsGrad[row + c] = 0.0;
    }
    return;
  }
  var m = logits[row];
  var best = 0u;
  for (var c = 1u; c < C; c++) {
    if (logits[row + c] > m) {
      m = logits[row + c];
      best = c;
    }
  }
  var sum = 0.0;
  for (var c = 0u; c < C; c++) {
    sum += exp(logits[row + c] - m);
  }
  let label = labels[b];
  loss[b] = log(sum) - (logits[row + label] - m);
  correct[b] = select(0u, 1u, best == label);
  let scale = 1.0 / (sum * f32(batch.count));
  for (var c = 0u; c < C; c++) {
    let p = exp(logits[row + c] - m) * scale;
    logitsGrad[row + c] = select(p, p - 1.0 / f32(batch.count), c == label);
  }
}
