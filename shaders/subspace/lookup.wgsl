// The compartment that owns global direction i: binary search on e_k (directions are
// laid out in compartment order and every d_k ≥ 1). Needs the kernel's `compartments`
// binding and `params.compartments`; prepended after common.wgsl.
fn compartment_of(i: u32) -> u32 {
  var lo = 0u;
  var hi = params.compartments;
  while (hi - lo > 1u) {
    let mid = (lo + hi) / 2u;
    if (compartments[mid].dirStart <= i) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return lo;
}
