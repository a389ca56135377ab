import { describe, expect, it } from 'vitest';
import { mulhilo, philox4x32 } from './philox';
import { KNOWN_ANSWERS } from './known-answers';


describe('philox4x32 (TS)', () => {
  it.each(KNOWN_ANSWERS)('matches the Random123 known answer for counter %j', (counter, key, expected) => {
    expect([...philox4x32(counter, key)]).toEqual(expected);
  });

  it('mulhilo equals the exact 64-bit product', () => {
    const cases = [[0, 0], [0xffffffff, 0xffffffff], [0xd2511f53, 0x12345678], [0xcd9e8d57, 0xfedcba98], [1, 0xffffffff]];
    for (let n = 0; n < 2000; n++) cases.push([...philox4x32([n, 0, 0, 0], [7, 7])].slice(0, 2));
    for (const [a, b] of cases) {
      const p = BigInt(a) * BigInt(b);
      expect(mulhilo(a, b)).toEqual([Number(p >> 32n), Number(p & 0xffffffffn)]);
    }
  });

  it('rounds parameter changes the output, and 10 is the default', () => {
    expect([...philox4x32([1, 2, 3, 4], [5, 6], 10)]).toEqual([...philox4x32([1, 2, 3, 4], [5, 6])]);
    expect([...philox4x32([1, 2, 3, 4], [5, 6], 7)]).not.toEqual([...philox4x32([1, 2, 3, 4], [5, 6])]);
  });
});
