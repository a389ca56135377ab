// Shared by correlation_partials.wgsl and correlation_reduce.wgsl (docs/design.md §11), prepended
// to each. Host twin: packCorrelationParams in src/subspace/correlation.ts.

struct CorrelationParams {
  tasks: u32,        // entries of the partials' work list (workgroups; the grid may round up)
  slots: u32,        // S: v holds S vectors of D, and v_j is their sum (g = Σ_w g_w)
  params: u32,       // D: parameters
  compartments: u32, // K
  outOffset: u32,    // reduce: where this reduction's K × 3 sums start in `sums`
  pad0: u32,
  pad1: u32,
  pad2: u32,
}
