import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../experiment/fields';
import { checkStoredRun, STORED_SCHEMA } from './persist';

const run = { id: 'r1', createdAt: 1, config: DEFAULT_CONFIG, live: DEFAULT_CONFIG, status: 'finished', color: '#000', visible: true, marks: [] };
const good = { schema: STORED_SCHEMA, id: 'r1', run, points: [{ step: 10, epoch: 0.04, loss: 2.1 }] };

describe('stored runs', () => {
  it('keeps a record of this version', () => {
    expect(checkStoredRun(good)).toEqual({ ok: good });
  });

  it('reads a config stored before a field existed with that field at its default', () => {
    const { sweep: _s, threshold: _t, sgdLr: _l, ...older } = DEFAULT_CONFIG;
    const checked = checkStoredRun({ ...good, run: { ...run, config: older, live: older } });
    expect('ok' in checked && checked.ok.run.config).toEqual(DEFAULT_CONFIG);
  });

  it.each([
    [{ ...good, schema: 2 }, /Run 'r1' was stored by another version of the playground \(schema 2, this one reads 1\)/],
    [{ ...good, schema: undefined }, /schema none/],
    [{ ...good, run: { ...run, id: 'x' } }, /Run 'r1' is corrupt in storage \(its id does not match\)/],
    [{ ...good, run: { ...run, config: { ...DEFAULT_CONFIG, d: 'many' } } }, /its config does not read back/],
    [{ ...good, points: [{ step: 'NaN' }] }, /its curve is not a list of points/],
    [{ ...good, points: 7 }, /its curve is not a list of points/],
    [{ ...good, run: null }, /\(no run\)/],
    [null, /not a record/],
    [{ schema: 1 }, /Run without an id is corrupt/],
  ])('skips a bad record with a notice naming the run: %#', (record, message) => {
    const checked = checkStoredRun(record);
    expect('skip' in checked && checked.skip).toMatch(message);
  });
});
