import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from './codec';
import type { RoomRecord } from './records';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('room records on the wire', () => {
  it('carries coordinates bit for bit, NaN and -0 included', () => {
    const coordinates = Float32Array.of(1.5, -0, NaN, 3.4028234663852886e38, 1e-45);
    const back = decodeRecord(encodeRecord({ kind: 'coords', member: 2, step: 7, round: 1, coordinates }));
    expect(back.kind).toBe('coords');
    const c = (back as Extract<RoomRecord, { kind: 'coords' }>).coordinates;
    expect(new Uint8Array(c.buffer)).toEqual(new Uint8Array(coordinates.buffer));
  });

  it('refuses a record that is not one, naming what is wrong', () => {
    expect(() => decodeRecord(bytes('{'))).toThrow(/a room record is not readable/);
    expect(() => decodeRecord(bytes('{"kind":"steal"}'))).toThrow(/no known kind \(steal\)/);
    expect(() => decodeRecord(bytes('{"kind":"__proto__"}'))).toThrow(/no known kind/);
    expect(() => decodeRecord(bytes('{"kind":"coords","member":-1,"step":0,"round":0,"coordinates":{"$f32":""}}'))).toThrow(/coords record's member is not a whole number ≥ 0/);
    expect(() => decodeRecord(bytes('{"kind":"coords","member":0,"step":0,"round":0,"coordinates":[1,2]}'))).toThrow(/coords record's coordinates is not a valid floats/);
    expect(() => decodeRecord(bytes('{"kind":"coords","member":0,"step":0,"round":0,"coordinates":{"$f32":"AAA="}}'))).toThrow(/not readable: 2 bytes are no whole number of floats/);
    expect(() => decodeRecord(bytes(`{"kind":"hello","nonce":"n","config":"${'x'.repeat(5000)}"}`))).toThrow(/hello record's config is not a valid text/);
    const resynced = { kind: 'resynced', member: 2, step: 20, from: 0, maxDrift: 1e-3, relDrift: 2e-5 } as const;
    expect(decodeRecord(encodeRecord(resynced))).toEqual(resynced);
    expect(() => decodeRecord(bytes('{"kind":"resynced","member":2,"step":20,"from":0,"maxDrift":-1,"relDrift":0}'))).toThrow(/resynced record's maxDrift is not a finite number ≥ 0/);
  });
});
