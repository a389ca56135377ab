/**
 * `npm run bench -- --browser`: builds the app, serves it with `vite preview` on a free
 * port, opens `/?bench=<flags>` in Debian's Chromium (the e2e flags: SwiftShader WebGPU,
 * e2e/chromium.ts) and waits for the page's result on window.__bench.
 */
import { chromium } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import type { BenchResult } from '../bench/report';
import type { BenchPageState } from '../bench/browser';

export async function benchInBrowser(flags: string, log: (line: string) => void): Promise<{ result: BenchResult; table: string }> {
  log('building the app (vite build)');
  await build({ logLevel: 'warn' });
  const server = await preview({ preview: { host: '127.0.0.1', port: 0 }, logLevel: 'warn' });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const url = `${server.resolvedUrls!.local[0]}?bench=${encodeURIComponent(flags)}`;
    log(`opening ${url} in ${CHROMIUM_PATH}`);
    const page = await browser.newPage();
    page.on('pageerror', (e) => log(`page error: ${e.message}`));
    await page.goto(url);
    let shown = 0;
    for (;;) {
      const state = await page.evaluate(() => window.__bench ?? null) as BenchPageState | null;
      for (const line of state?.log.slice(shown) ?? []) log(`page: ${line}`);
      shown = state?.log.length ?? shown;
      if (state?.error) throw new Error(`the bench page failed: ${state.error}`);
      if (state?.result) return { result: state.result as BenchResult, table: state.table! };
      await page.waitForTimeout(1000);
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}
