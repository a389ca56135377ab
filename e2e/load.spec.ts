/**
 * The first load, as a new user meets it, in the production build: how large the main
 * chunk is, how soon the controls answer, and how soon Play draws the first loss curve.
 * Sizes and times are measured and reported (annotations and the console), never
 * asserted: on a shared 2-core machine with SwiftShader they say how the page behaves,
 * not a bound it must keep. What is asserted is what the page does.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test, TINY, watchCsp } from './fixtures';

/** Fresh loads per measurement: one sample on a loaded machine says little. */
const SAMPLES = 3;

/** The scripts index.html loads before anything renders: the entry and its modulepreloads. */
function eagerScripts(): string[] {
  const html = readFileSync('dist/index.html', 'utf8');
  return [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
}

/** kB of a built file, raw and gzipped (zlib's default level, as a server would send it). */
function sizeKb(name: string) {
  const bytes = readFileSync(`dist/assets/${name}`);
  return { raw: bytes.length / 1000, gzip: gzipSync(bytes).length / 1000 };
}

/**
 * Installed before the page's first script: marks, in the page's own clock (ms since
 * navigation), when the controls could first take input (the first task after the frame
 * that painted an enabled Play button), when Play was clicked, and when the loss chart
 * drew its first line.
 */
function watchLoad() {
  const marks: { controls: number | null; play: number | null; chart: number | null } = { controls: null, play: null, chart: null };
  (window as unknown as { __load: typeof marks }).__load = marks;
  let painted = false;
  const seen = new MutationObserver(() => {
    const play = document.querySelector<HTMLButtonElement>('[data-testid="play-pause"]');
    if (!painted && play && !play.disabled) {
      painted = true;
      requestAnimationFrame(() => setTimeout(() => (marks.controls = performance.now())));
    }
    const line = document.querySelector('[data-testid="chart-loss"] .recharts-line-curve');
    if (marks.chart === null && line?.getAttribute('d')) marks.chart = performance.now();
    if (painted && marks.chart !== null) seen.disconnect();
  });
  seen.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['d', 'disabled'] });
  document.addEventListener('click', (e) => {
    if (marks.play === null && (e.target as Element).closest?.('[data-testid="play-pause"]')) marks.play = performance.now();
  }, true);
}

type Marks = { controls: number; play: number; chart: number };
const marksOf = (page: Page) => page.evaluate(() => (window as unknown as { __load: Marks }).__load);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

test('the first load: the main chunk, controls interactive, first chart drawn (measured, reported)', async ({ browser }) => {
  test.setTimeout(300_000);
  const scripts = eagerScripts();
  expect(scripts.length).toBeGreaterThan(0);
  const eager = scripts.map((s) => ({ name: s, ...sizeKb(s) }));
  const main = eager[0];

  const samples: Marks[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    // A fresh context each time: an empty HTTP cache and no stored runs, as on a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const violations = await watchCsp(page);
    await page.addInitScript(watchLoad);
    await page.goto(`/${TINY}`);
    await page.waitForFunction(() => (window as unknown as { __load: Marks }).__load.controls !== null);
    await page.getByTestId('play-pause').click();
    await page.waitForFunction(() => (window as unknown as { __load: Marks }).__load.chart !== null, undefined, { timeout: 120_000 });
    // Every panel that may load on demand is there in the end.
    for (const id of ['chart-loss', 'chart-train-acc', 'chart-test-acc', 'chart-rho-g', 'method-picture', 'insight']) {
      await expect(page.getByTestId(id)).toBeVisible();
    }
    await expect(page.getByTestId('method-path-rbd')).toBeAttached();
    expect(await violations()).toEqual([]);
    samples.push(await marksOf(page));
    await context.close();
  }

  const ms = (xs: number[]) => `${Math.round(median(xs))} ms (${xs.map(Math.round).join(', ')})`;
  const lines = [
    `main chunk ${main.name}: ${main.raw.toFixed(1)} kB, ${main.gzip.toFixed(1)} kB gzip; ` +
      `all eager scripts ${eager.reduce((a, s) => a + s.gzip, 0).toFixed(1)} kB gzip (${eager.length} files)`,
    `controls interactive: median ${ms(samples.map((s) => s.controls))} after navigation`,
    `first loss chart drawn: median ${ms(samples.map((s) => s.chart))} after navigation, ` +
      `${ms(samples.map((s) => s.chart - s.play))} after the Play click`,
  ];
  for (const line of lines) {
    test.info().annotations.push({ type: 'load', description: line });
    console.log(`load: ${line}`);
  }
});
