// Adds one batch's summed loss and correct count into an accumulator that persists across
// steps; the trainer reads it back asynchronously every N steps and resets it
// (Network.readMetrics in src/nn/network.ts). A single thread sums in index order, so the
// result is deterministic. CPU twin: metricsAccumulate in src/reference/layers.ts.

struct Batch {
  count: u32,   // real samples in this batch; rows past it are padding and are skipped
  rows: u32,    // B: rows in the buffers (unused here; shared struct with softmax_xent)
  classes: u32, // C (unused here)
}

struct Metrics {
  lossSum: f32, // Σ per-sample loss since the last reset
  correct: u32, // Σ correct predictions
  samples: u32, // Σ count: the divisor for both means
  batches: u32, // batches accumulated
}

@group(0) @binding(0) var<uniform> batch: Batch;
@group(0) @binding(1) var<storage, read> loss: array<f32>;           // [B] per-sample loss (softmax_xent)
@group(0) @binding(2) var<storage, read> correct: array<u32>;        // [B] 1 if predicted right
@group(0) @binding(3) var<storage, read_write> metrics: Metrics;     // the accumulator

@compute @workgroup_size(1)
fn main() {
  // Sum the batch first, then add once, so the accumulator sees one rounding per batch.
  var lossSum = 0.0;
  var hits = 0u;
  for (var b = 0u; b < batch.count; b++) {
    lossSum += loss[b];
    hits += correct[b];
  }
  metrics.lossSum += lossSum;
  metrics.correct += hits;
  metrics.samples += batch.count;
  metrics.batches += 1u;
}
