/**
 * The one extended `test` for the playground specs (tldraw style): a page object found
 * by test ids, and typed access to window.__playground. Assert through the API, not
 * through chart pixels.
 */
import { test as base, expect, type Page } from '@playwright/test';
import type { PlaygroundSnapshot, RunSnapshot } from '../src/testing/api';
import type { LivePatch } from '../src/experiment/live';

export class PlaygroundPage {
  constructor(readonly page: Page) {}

  /** Opens the page with a query and waits for the test API. */
  async open(query = '') {
    await this.page.goto(`/${query}`);
    await this.page.waitForFunction(() => typeof window.__playground?.getState === 'function');
  }

  byTestId = (id: string) => this.page.getByTestId(id);
  state = (): Promise<PlaygroundSnapshot> => this.page.evaluate(() => window.__playground!.getState());
  setConfig = (query: string) => this.page.evaluate((q) => window.__playground!.setConfig(q), query);
  play = () => this.page.evaluate(() => window.__playground!.play());
  pause = () => this.page.evaluate(() => window.__playground!.pause());
  step = (n = 1) => this.page.evaluate((k) => window.__playground!.step(k), n);
  reset = () => this.page.evaluate(() => window.__playground!.reset());
  liveUpdate = (patch: LivePatch) => this.page.evaluate((p) => window.__playground!.liveUpdate(p), patch);
  startRuns = (queries: string[]) => this.page.evaluate((q) => window.__playground!.startRuns(q), queries);
  sweep = () => this.page.evaluate(() => window.__playground!.sweep());
  timings = () => this.page.evaluate(() => ({ longestTaskMs: window.__playground!.longestTaskMs, longestTaskSincePlayMs: window.__playground!.longestTaskSincePlayMs, firstPointMs: window.__playground!.firstPointMs }));

  /** Polls the state until `pick` returns a truthy value, and returns it. */
  async until<T>(pick: (s: PlaygroundSnapshot) => T | undefined | null | false, timeout = 60_000): Promise<T> {
    let found: T | undefined | null | false;
    await expect.poll(async () => (found = pick(await this.state())), { timeout }).toBeTruthy();
    return found as T;
  }

  /** The first run with at least `n` metric points. */
  runWithPoints = (n: number, timeout?: number): Promise<RunSnapshot> =>
    this.until((s) => s.runs.find((r) => r.metrics.length >= n), timeout);
}

export const test = base.extend<{ playground: PlaygroundPage }>({
  playground: async ({ page }, use) => {
    await use(new PlaygroundPage(page));
  },
});

export { expect };

/** A small, fast experiment for SwiftShader: docs/design.md §8 asks e2e tests to keep models and d small. */
export const TINY = '?dataset=spiral&arch=mlp:16-16:tanh&method=rbd&d=8&batch=16&lr=0.5&epochs=20&spf=10';

/**
 * Collects the page's Content-Security-Policy violations from the first script on;
 * `violations()` returns them as 'directive: blocked URI' lines.
 */
export async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI || 'inline'}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
}
