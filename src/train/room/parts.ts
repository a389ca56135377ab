/**
 * Records larger than a server's max_payload (θ snapshots) cross in parts: each part is
 * 'P', a header line {"id","k","n"}, then its slice of the record's bytes. A whole record
 * never starts with 'P' (it is JSON: '{'), so the two cannot be confused.
 */
const PART = 0x50; // 'P'

/** The messages that carry `data` within `limit` bytes each: itself when it fits. */
export function splitParts(data: Uint8Array, limit: number, id: string): Uint8Array[] {
  if (data.length <= limit) return [data];
  const n = Math.ceil(data.length / limit);
  return Array.from({ length: n }, (_, k) => {
    const head = new TextEncoder().encode(`P${JSON.stringify({ id, k, n })}\n`);
    const slice = data.subarray(k * limit, (k + 1) * limit);
    const message = new Uint8Array(head.length + slice.length);
    message.set(head);
    message.set(slice, head.length);
    return message;
  });
}

/** Gathers parts into their record: a whole message, or the last part of one, gives its bytes. */
export class PartReader {
  private readonly parts = new Map<string, Uint8Array[]>();

  add(data: Uint8Array): Uint8Array | null {
    if (data[0] !== PART) return data;
    const newline = data.indexOf(10);
    const head = JSON.parse(new TextDecoder().decode(data.subarray(1, newline))) as { id: string; k: number; n: number };
    const got = this.parts.get(head.id) ?? [];
    got[head.k] = data.subarray(newline + 1);
    this.parts.set(head.id, got);
    if (got.filter(Boolean).length < head.n) return null;
    this.parts.delete(head.id);
    const whole = new Uint8Array(got.reduce((s, p) => s + p.length, 0));
    got.reduce((o, p) => (whole.set(p, o), o + p.length), 0);
    return whole;
  }
}
