import { describe, expect, it } from 'vitest';
import { serializeConfig } from '../experiment/config';
import { OPENING } from './presets';
import { createAppStore } from './store';
import { queryFromLocation, startUrlSync } from './url';

/** Just enough of window for startUrlSync: a location, a history stack and popstate. */
function fakeWindow(search: string, hash = '') {
  const entries = [{ search, hash }];
  let index = 0;
  const listeners: (() => void)[] = [];
  const location = { pathname: '/', get search() { return entries[index].search; }, get hash() { return entries[index].hash; } };
  const split = (url: string) => ({ search: url.slice(url.indexOf('?')), hash: '' });
  const win = {
    location,
    history: {
      state: null,
      pushState: (_s: unknown, _t: string, url: string) => { entries.splice(++index, Infinity, split(url)); },
      replaceState: (_s: unknown, _t: string, url: string) => { entries[index] = split(url); },
    },
    addEventListener: (_t: string, f: () => void) => listeners.push(f),
    removeEventListener: () => undefined,
  };
  const go = (delta: number) => { index += delta; listeners.forEach((f) => f()); };
  const edit = (s: string, h: string) => { entries.splice(++index, Infinity, { search: s, hash: h }); listeners.forEach((f) => f()); };
  return { win: win as unknown as Window, entries, go, edit };
}

describe('URL sync', () => {
  it('reads the query on load, shows its problems, and writes the canonical form back', () => {
    const store = createAppStore();
    const { win, entries } = fakeWindow('?d=abc&method=fpd&bogus=1');
    startUrlSync(store, win);
    const st = store.getState();
    expect(st.config).toMatchObject({ d: 250, method: 'fpd', redraw: 'never' });
    expect(st.configErrors.map((e) => e.field).sort()).toEqual(['bogus', 'd']);
    expect(entries).toHaveLength(1);
    expect(entries[0].search).toBe(`?${serializeConfig(st.config)}`);
  });

  it('makes one history entry per burst of edits and applies back/forward without reload', () => {
    const store = createAppStore();
    const { win, entries, go } = fakeWindow('');
    startUrlSync(store, win);
    store.getState().setConfig({ d: 100 });
    store.getState().setConfig({ d: 120 }); // same burst: replaces
    expect(entries).toHaveLength(2);
    expect(entries[1].search).toContain('d=120');
    go(-1);
    expect(store.getState().config.d).toBe(OPENING.d);
    go(+1);
    expect(store.getState().config.d).toBe(120);
  });

  it('opens a bare address on the first preset’s experiment, written back as its canonical link', () => {
    const store = createAppStore();
    const { win, entries } = fakeWindow('');
    startUrlSync(store, win);
    expect(store.getState().config).toEqual(OPENING);
    expect(store.getState().configErrors).toEqual([]);
    expect(entries[0].search).toBe(`?${serializeConfig(OPENING)}`);
  });

  it('applies a hand-edited fragment over the query', () => {
    expect(queryFromLocation({ search: '?d=5&lr=0.5', hash: '#d=7&method=sgd' })).toBe('d=7&lr=0.5&method=sgd');
    const store = createAppStore();
    const { win, edit, entries } = fakeWindow('');
    startUrlSync(store, win);
    edit(entries[0].search, '#seed=42');
    expect(store.getState().config.seed).toBe(42);
    expect(entries.at(-1)!.search).toContain('seed=42');
  });
});
