/**
 * Philox4x32-10 (Salmon et al., SC'11), exactly as docs/design.md §3 and Random123.
 * This is the CPU twin of shaders/rng/philox.wgsl and must agree with it bit for bit.
 */

export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;

/** Key purposes: key = (seed, purpose). */
export const Purpose = { INIT: 1, BASIS: 2, DATA: 3 } as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** 32×32→64-bit product as [hi, lo], from 16-bit limbs (exact in doubles). */
export function mulhilo(a: number, b: number): [number, number] {
  const lo = Math.imul(a, b) >>> 0;
  const aLo = a & 0xffff, aHi = a >>> 16, bLo = b & 0xffff, bHi = b >>> 16;
  const cross = ((aLo * bLo) >>> 16) + (aHi * bLo & 0xffff) + aLo * bHi; // < 2^34, exact
  const hi = (aHi * bHi + ((aHi * bLo) >>> 16) + Math.floor(cross / 0x10000)) >>> 0;
  return [hi, lo];
}

/** Philox4x32 with `rounds` rounds; returns the four output words. */
export function philox4x32(counter: ArrayLike<number>, key: ArrayLike<number>, rounds = 10): Uint32Array {
  let c0 = counter[0] >>> 0, c1 = counter[1] >>> 0, c2 = counter[2] >>> 0, c3 = counter[3] >>> 0;
  let k0 = key[0] >>> 0, k1 = key[1] >>> 0;
  for (let r = 0; r < rounds; r++) {
    if (r > 0) {
      k0 = (k0 + PHILOX_W0) >>> 0;
      k1 = (k1 + PHILOX_W1) >>> 0;
    }
    const [hi0, lo0] = mulhilo(PHILOX_M0, c0);
    const [hi1, lo1] = mulhilo(PHILOX_M1, c2);
    const n0 = (hi1 ^ c1 ^ k0) >>> 0, n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
  }
  return Uint32Array.of(c0, c1, c2, c3);
}
