/**
 * A room record as bytes on a wire that any client may write to (a NATS subject): JSON,
 * with each Float32Array as the base64 of its bytes, so that coordinates arrive bit for
 * bit. Decoding checks every field a member acts on and names the first bad one: a
 * record from a broken or hostile client is refused, never half-applied.
 */
import type { RoomRecord } from './records';

const F32 = '$f32';

function toBase64(a: Float32Array): string {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Float32Array {
  const raw = atob(text);
  if (raw.length % 4) throw new Error(`${raw.length} bytes are no whole number of floats`);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

export function encodeRecord(record: RoomRecord): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(record, (_, v) => (v instanceof Float32Array ? { [F32]: toBase64(v) } : v)));
}

const KINDS = ['hello', 'leave', 'coords', 'live', 'hash', 'snapshot', 'resynced', 'refusal'] as const;
type Shape = 'id' | 'number' | 'text' | 'floats' | 'object';
/** The fields each kind must carry, and what each must be. */
const SHAPES: Record<RoomRecord['kind'], Record<string, Shape>> = {
  hello: { nonce: 'text', config: 'text' },
  leave: { member: 'id', reason: 'text' },
  coords: { member: 'id', step: 'id', round: 'id', coordinates: 'floats' },
  live: { member: 'id', patch: 'object' },
  hash: { member: 'id', step: 'id', hash: 'text' },
  snapshot: { member: 'id', step: 'id', at: 'id', state: 'object', hash: 'text', theta: 'floats' },
  resynced: { member: 'id', step: 'id', from: 'id', maxDrift: 'number', relDrift: 'number' },
  refusal: { member: 'id', nonce: 'text', differences: 'object' },
};

const fits = (v: unknown, kind: Shape) =>
  kind === 'id' ? Number.isSafeInteger(v) && (v as number) >= 0
    : kind === 'number' ? typeof v === 'number' && Number.isFinite(v) && v >= 0
    : kind === 'text' ? typeof v === 'string' && v.length <= 4096
      : kind === 'floats' ? v instanceof Float32Array
        : typeof v === 'object' && v !== null;

/** The record in `bytes`, or an Error naming what is wrong with it. */
export function decodeRecord(bytes: Uint8Array): RoomRecord {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes), (_, v) => (v && typeof v === 'object' && typeof v[F32] === 'string' ? fromBase64(v[F32]) : v));
  } catch (e) {
    throw new Error(`a room record is not readable: ${(e as Error).message}`);
  }
  const r = value as Record<string, unknown>;
  if (typeof r !== 'object' || r === null || !KINDS.includes(r.kind as RoomRecord['kind'])) throw new Error(`a room record has no known kind (${String((r as { kind?: unknown })?.kind).slice(0, 20)})`);
  for (const [field, kind] of Object.entries(SHAPES[r.kind as RoomRecord['kind']])) {
    if (!fits(r[field], kind)) throw new Error(`a ${String(r.kind)} record's ${field} is not ${kind === 'id' ? 'a whole number ≥ 0' : kind === 'number' ? 'a finite number ≥ 0' : `a valid ${kind}`}`);
  }
  return r as unknown as RoomRecord;
}
