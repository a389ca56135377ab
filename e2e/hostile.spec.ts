/**
 * Hostile links in the browser: a key named after any member of Object.prototype is an
 * unknown setting like any other. It gets its own message, the valid fields of the same
 * link still apply, nothing of Object.prototype changes, and the page renders and trains.
 * The parser's unit test (src/experiment/hostile.test.ts) covers the names in Node; this
 * is the page, as a user who pastes such a link sees it.
 */
import { expect, test } from './fixtures';

test('a preset link with each Object.prototype member name as a key renders the page with a message per key', async ({ playground, page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await playground.open(); // the opening preset's experiment, whose canonical link the page writes back
  const { search, config } = await playground.state();
  // The names as this browser's Object.prototype has them: __proto__, constructor, toString, …
  const names = await page.evaluate(() => Object.getOwnPropertyNames(Object.prototype));
  expect(names).toEqual(expect.arrayContaining(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf']));
  // `__proto__` alone, then the others four to a link.
  const rest = names.filter((n) => n !== '__proto__');
  const batches = [['__proto__'], ...Array.from({ length: Math.ceil(rest.length / 4) }, (_, i) => rest.slice(4 * i, 4 * i + 4))];
  for (const keys of batches) {
    await playground.open(`?${keys.map((k, i) => `${k}=${i + 1}`).join('&')}&${search.replace(/^\?/, '')}`);
    const s = await playground.state();
    expect(s.configErrors, keys.join(', ')).toEqual(keys.map((k) => ({ field: k, message: `unknown setting '${k}'; ignored`, defaultUsed: null })));
    expect(s.config).toEqual(config); // the preset's own fields all applied
    expect(s.search).toBe(search); // and its canonical link written back, without the hostile keys
    for (const k of keys) await expect(playground.byTestId(`config-error-${k}`)).toContainText(`${k}: unknown setting '${k}'; ignored`);
    await expect(playground.byTestId('charts')).toBeVisible();
    await expect(playground.byTestId('run-bar')).toBeVisible();
    // Nothing reached a prototype: the config is a plain object and Object.prototype is as it was.
    expect(await page.evaluate(() => Object.getPrototypeOf(window.__playground!.getState().config) === Object.prototype
      && Object.keys(Object.prototype).length === 0 && typeof ({}).toString === 'function' && typeof ({}).hasOwnProperty === 'function')).toBe(true);
  }
  // Such a page trains as any other.
  await playground.open(`?__proto__=1&constructor=2&toString=3&dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=40&spf=10`);
  expect((await playground.state()).configErrors.map((e) => e.field)).toEqual(['__proto__', 'constructor', 'toString']);
  await playground.play();
  const run = await playground.until((s) => s.runs.at(-1)?.status === 'finished' && s.runs.at(-1));
  expect(run.metrics.length).toBeGreaterThan(3);
  expect(errors).toEqual([]);
});
