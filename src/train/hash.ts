/** A short fingerprint of θ's exact bits (32-bit FNV-1a over its bytes), to compare runs bit for bit. */
export function thetaHash(theta: Float32Array | Float64Array): string {
  const bytes = new Uint8Array(theta.buffer, theta.byteOffset, theta.byteLength);
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return `${theta.BYTES_PER_ELEMENT === 4 ? 'f32' : 'f64'}:${theta.length}:${h.toString(16).padStart(8, '0')}`;
}
