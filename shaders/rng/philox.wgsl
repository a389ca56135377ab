// Philox4x32-10 (Salmon et al., SC'11), as docs/design.md §3. Shared functions, prepended to
// kernels by concatenation. CPU twin: src/rng/philox.ts (bit-for-bit equal).

const PHILOX_M0: u32 = 0xD2511F53u;
const PHILOX_M1: u32 = 0xCD9E8D57u;
const PHILOX_W0: u32 = 0x9E3779B9u;
const PHILOX_W1: u32 = 0xBB67AE85u;

// WGSL has no u64: the high word of a 32×32 product is assembled from 16-bit limbs
// (as Random123's _mulhilo_c99_tpl). The low word is the wrapping u32 product.
fn philox_mulhi(a: u32, b: u32) -> u32 {
  let aL = a & 0xFFFFu;
  let aH = a >> 16u;
  let bL = b & 0xFFFFu;
  let bH = b >> 16u;
  let lh = aL * bH;
  let hl = aH * bL;
  let mid = ((aL * bL) >> 16u) + (lh & 0xFFFFu) + (hl & 0xFFFFu); // < 3·2^16, no overflow
  return aH * bH + (lh >> 16u) + (hl >> 16u) + (mid >> 16u);
}

fn philox_round(c: vec4u, k: vec2u) -> vec4u {
  let hi0 = philox_mulhi(PHILOX_M0, c.x);
  let hi1 = philox_mulhi(PHILOX_M1, c.z);
  return vec4u(hi1 ^ c.y ^ k.x, PHILOX_M1 * c.z, hi0 ^ c.w ^ k.y, PHILOX_M0 * c.x);
}

fn philox4x32_10(ctr: vec4u, key: vec2u) -> vec4u {
  var c = ctr;
  var k = key;
  c = philox_round(c, k);
  for (var r = 1u; r < 10u; r++) {
    k += vec2u(PHILOX_W0, PHILOX_W1);
    c = philox_round(c, k);
  }
  return c;
}
