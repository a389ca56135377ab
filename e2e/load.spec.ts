/**
 * The first load, as a new user meets it, in the production build: how large the main
 * chunk is, how soon the controls answer, and how soon Play draws the first loss curve.
 * Sizes and times are measured and reported (annotations and the console), never
 * asserted: on a shared 2-core machine with SwiftShader they say how the page behaves,
 * not a bound it must keep. What is asserted is what the page does.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Browser, Page, Route } from '@playwright/test';
import { BUILDS, machine, ms, SAMPLES } from './builds';
import { expect, test, TINY, watchCsp } from './fixtures';

/** The scripts index.html loads before anything renders: the entry and its modulepreloads. */
function eagerScripts(dist = 'dist'): string[] {
  const html = readFileSync(`${dist}/index.html`, 'utf8');
  return [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
}

/** kB of a built file, raw and gzipped (zlib's default level, as a server would send it). */
function sizeKb(dist: string, name: string) {
  const bytes = readFileSync(`${dist}/assets/${name}`);
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
    // .chart-line: this build's own SVG chart; .recharts-line-curve: a build from before it, when compared.
    const line = document.querySelector('[data-testid="chart-loss"] .chart-line, [data-testid="chart-loss"] .recharts-line-curve');
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

/** One first visit: loads the page, clicks Play as soon as the controls answer, waits for the loss curve. */
async function firstVisit(browser: Browser, url: string): Promise<Marks> {
  // A fresh context each time: an empty HTTP cache and no stored runs, as on a first visit.
  const context = await browser.newContext();
  const page = await context.newPage();
  const violations = await watchCsp(page);
  await page.addInitScript(watchLoad);
  await page.goto(`${url}/${TINY}`);
  await page.waitForFunction(() => (window as unknown as { __load: Marks }).__load.controls !== null);
  await page.getByTestId('play-pause').click();
  await page.waitForFunction(() => (window as unknown as { __load: Marks }).__load.chart !== null, undefined, { timeout: 120_000 });
  // Every panel that may load on demand is there in the end.
  for (const id of ['chart-loss', 'chart-train-acc', 'chart-test-acc', 'chart-rho-g', 'method-picture', 'insight']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByTestId('method-path-rbd')).toBeAttached();
  expect(await violations()).toEqual([]);
  const marks = await marksOf(page);
  await context.close();
  return marks;
}

test('the first load: the main chunk, controls interactive, first chart drawn (measured, reported)', async ({ browser }) => {
  test.setTimeout(120_000 + SAMPLES * BUILDS.length * 60_000);
  const samples = BUILDS.map(() => [] as Marks[]);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [b, build] of BUILDS.entries()) samples[b].push(await firstVisit(browser, build.url));
  }
  const where = machine(browser);
  test.info().annotations.push({ type: 'load', description: where });
  console.log(`load: ${where}`);
  for (const [b, build] of BUILDS.entries()) {
    const eager = build.dist ? eagerScripts(build.dist).map((name) => ({ name, ...sizeKb(build.dist, name) })) : [];
    const s = samples[b];
    const lines = [
      eager.length ? `main chunk ${eager[0].name}: ${eager[0].raw.toFixed(1)} kB, ${eager[0].gzip.toFixed(1)} kB gzip; ` +
        `all eager scripts ${eager.reduce((a, x) => a + x.gzip, 0).toFixed(1)} kB gzip (${eager.length} files)` : 'chunks: no dist folder given',
      `controls interactive: median ${ms(s.map((m) => m.controls))} after navigation`,
      // The click is the spec's, as soon as the controls answer; it waits for whatever the main thread is doing then.
      `Play clicked: median ${ms(s.map((m) => m.play))} after navigation`,
      `first loss chart drawn: median ${ms(s.map((m) => m.chart))} after navigation, ${ms(s.map((m) => m.chart - m.play))} after the Play click`,
    ];
    for (const line of lines) {
      test.info().annotations.push({ type: `load, ${build.label}`, description: line });
      console.log(`load, ${build.label}: ${line}`);
    }
  }
});

/** Every script the page asks for after index.html's own: the chunks that load on demand. */
async function holdLazyChunks(page: Page) {
  const eager = new Set(eagerScripts());
  const held: Route[] = [];
  let holding = true;
  await page.route(/\/assets\/[^/]+\.js$/, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop()!;
    // The training worker is no panel: it must start for Play to train.
    if (!holding || eager.has(name) || name.startsWith('worker-')) return route.continue();
    held.push(route);
  });
  return { held, release: async () => { holding = false; for (const r of held.splice(0)) await r.continue(); } };
}

const sizeOf = async (page: Page, id: string) => {
  const box = (await page.getByTestId(id).boundingBox())!;
  return { width: Math.round(box.width), height: Math.round(box.height) };
};

test('while the lazy chunks are held back the controls work beside placeholders; released, each panel fills its placeholder\'s room', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const chunks = await holdLazyChunks(page);
  await page.goto(`/${TINY}`);
  await page.waitForFunction(() => typeof window.__playground?.getState === 'function');
  await expect(page.getByTestId('waiting-method-picture')).toBeVisible();
  expect(chunks.held.length).toBeGreaterThan(0); // the charts and the method picture are not in the main chunk
  // The controls answer before any chart code is here: an edit reaches the config, Play trains.
  await page.getByTestId('field-d').fill('12');
  await page.getByTestId('field-d').press('Enter');
  await expect.poll(() => page.evaluate(() => window.__playground!.getState().config.d)).toBe(12);
  await page.getByTestId('play-pause').click();
  await expect.poll(() => page.evaluate(() => window.__playground!.getState().runs[0]?.metrics.length ?? 0), { timeout: 60_000 }).toBeGreaterThan(1);
  const panels = ['chart-loss', 'chart-train-acc', 'chart-test-acc', 'chart-rho-g', 'method-picture'];
  const before: Record<string, { width: number; height: number }> = {};
  for (const id of panels) {
    await expect(page.getByTestId(`waiting-${id}`)).toBeVisible();
    before[id] = await sizeOf(page, `waiting-${id}`);
  }
  await expect(page.getByTestId('waiting-insight-pictures')).toBeVisible();
  expect(await page.getByTestId('chart-loss').count()).toBe(0);

  await chunks.release();
  for (const id of panels) {
    await expect(page.getByTestId(id)).toBeVisible();
    await expect(page.getByTestId(`waiting-${id}`)).toHaveCount(0);
    expect({ id, ...(await sizeOf(page, id)) }).toEqual({ id, ...before[id] });
  }
  await expect(page.locator('[data-testid="chart-loss"] .chart-line')).toBeAttached();
  await expect(page.getByTestId('boundary-canvas')).toBeVisible({ timeout: 60_000 });
  await context.close();
});

test('a panel whose chunk fails to load shows its boundary\'s message, and its reset loads it again', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  let fail = true;
  await page.route(/\/assets\/MethodPicture-[^/]+\.js$/, (route) => (fail ? route.abort() : route.continue()));
  await page.goto('/');
  await expect(page.getByTestId('panel-error-Method picture')).toContainText('Method picture failed');
  await expect(page.getByTestId('play-pause')).toBeEnabled(); // the rest of the page is there
  fail = false;
  await page.getByTestId('panel-reset-Method picture').click();
  await expect(page.getByTestId('method-picture')).toBeVisible();
  await context.close();
});
