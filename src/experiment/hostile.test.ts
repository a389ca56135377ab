/**
 * Hostile links (fast-check): at least 10,000 generated query strings thrown at the link
 * parser. It must never throw, never yield a non-finite or out-of-range value, always
 * return a complete config with per-field errors, and its canonical form must read back
 * as the same config with no errors. fast-check prints the seed of a failure, and
 * `FC_SEED=… npx vitest run src/experiment/hostile.test.ts` replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, serializeConfig } from './config';
import { CONFIG_KEYS, DEFAULT_CONFIG, FIELDS, type ConfigKey, type ExperimentConfig, type FieldSpec } from './fields';

const RUNS = 4000; // per source: 12,000 links in all
const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
const PROTO = Object.getOwnPropertyNames(Object.prototype); // __proto__, constructor, toString, hasOwnProperty, valueOf, …

/** The property every link must satisfy. */
function holds(query: string): void {
  const { config, errors } = parseConfig(query);
  expect(Object.keys(config).sort()).toEqual([...CONFIG_KEYS].sort());
  for (const key of CONFIG_KEYS) {
    const spec = FIELDS[key] as FieldSpec<unknown>, value = config[key];
    expect(Object.hasOwn(config, key)).toBe(true);
    // A list field (a sweep's grid, its seeds) holds numbers within the field's bounds too.
    for (const x of Array.isArray(value) ? value : [value]) {
      if (typeof x === 'number') {
        expect(Number.isFinite(x), `${key} = ${x}`).toBe(true);
        if (spec.min !== undefined) expect(x, key).toBeGreaterThanOrEqual(spec.min);
        if (spec.max !== undefined) expect(x, key).toBeLessThanOrEqual(spec.max);
      }
      if (spec.options) expect(spec.options).toContain(x);
    }
    // Every value is one the table itself reads back unchanged.
    expect(spec.parse(spec.format(value)), key).toEqual(value);
  }
  for (const e of errors) {
    expect(typeof e.field).toBe('string');
    expect(e.message.length).toBeGreaterThan(0);
  }
  const canonical = serializeConfig(config);
  const again = parseConfig(canonical);
  expect(again.errors).toEqual([]);
  expect(again.config).toEqual(config);
}

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('%', '2', '5', 'F', 'G', '&', '=', '+', '#', '?', ':') }));
const key = fc.oneof(fc.constantFrom(...PROTO, ...CONFIG_KEYS, ''), text);
/** Text, percent-escaped or raw: drawn by fast-check, so a seed replays it. */
const escaped = (t: fc.Arbitrary<string>) => fc.tuple(t, fc.boolean()).map(([s, e]) => (e ? encodeURIComponent(s) : s));

/** Numbers at and past every bound, and the spellings a sloppy parser would accept. */
const numberText = fc.oneof(
  fc.constantFrom('0', '-0', '+0', '1e308', '-1e308', '1e-320', 'NaN', 'nan', 'Infinity', '-Infinity', '0x10', '0b1', '0o7', '1e3', '1E3', '.5', '5.', '', ' ', '1_000', '١٢'),
  fc.double().map(String), fc.integer().map(String),
  fc.constantFrom(...CONFIG_KEYS).chain((k) => {
    const { min, max } = FIELDS[k];
    const edges = [min, max].filter((x): x is number => x !== undefined).flatMap((x) => [x, x - 1, x + 1, x - 1e-9, x + 1e-9, x * 10]);
    return fc.constantFrom(...(edges.length ? edges : [0])).map(String);
  }),
);

/** A valid, canonical config to mutate: a few fields varied. */
const valid = fc.record({
  method: fc.constantFrom('sgd', 'rbd', 'fpd'), d: fc.integer({ min: 1, max: 1000 }), batch: fc.integer({ min: 1, max: 1024 }),
  seed: fc.integer({ min: 0, max: 0xffffffff }), dataset: fc.constantFrom('mnist', 'spiral', 'circles'),
}).map((patch) => parseConfig(serializeConfig({ ...DEFAULT_CONFIG, ...patch } as ExperimentConfig)).config);

describe('hostile links', () => {
  it(`random keys and values, Object.prototype names, escapes, empty and repeated keys (${RUNS} links)`, () => {
    fc.assert(fc.property(fc.array(fc.tuple(escaped(key), escaped(text)), { maxLength: 12 }), (pairs) => {
      holds(pairs.map(([k, v]) => `${k}=${v}`).join('&'));
    }), { numRuns: RUNS, seed });
  });

  it(`mutations of canonical links: a field changed, dropped or duplicated (${RUNS} links)`, () => {
    fc.assert(fc.property(valid, fc.constantFrom(...CONFIG_KEYS), fc.constantFrom('change', 'drop', 'duplicate'), escaped(text), (config, field: ConfigKey, how, value) => {
      const pairs = serializeConfig(config).split('&');
      const i = pairs.findIndex((p) => p.startsWith(`${field}=`));
      if (how === 'change' && i >= 0) pairs[i] = `${field}=${value}`;
      if (how === 'drop' && i >= 0) pairs.splice(i, 1);
      if (how === 'duplicate') pairs.push(`${field}=${value}`);
      holds(pairs.join('&'));
    }), { numRuns: RUNS, seed });
  });

  it(`numbers at and past every bound: ±0, 1e308, NaN, Infinity, hex, exponents (${RUNS} links)`, () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.constantFrom(...CONFIG_KEYS), numberText), { minLength: 1, maxLength: 6 }), (pairs) => {
      holds(pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
    }), { numRuns: RUNS, seed });
  });

  it('names every Object.prototype member as an unknown setting, and keeps the defaults', () => {
    for (const name of PROTO) {
      const { config, errors } = parseConfig(`${name}=1&d=12`);
      expect(errors, name).toEqual([{ field: name, message: `unknown setting '${name}'; ignored`, defaultUsed: null }]);
      expect(config.d).toBe(12);
      expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
    }
  });
});
