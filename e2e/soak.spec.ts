/**
 * A long run stays flat: the page's and the worker's JS heap (each read in its own
 * context after a forced GC) and the worker's live GPU buffers (the buffer ledger), early
 * and at the end. SOAK_STEPS sets the length: 3,000 in CI; the README quotes a 20,000-step
 * soak (`SOAK_STEPS=20000 CI=true npx playwright test e2e/soak.spec.ts`).
 */
import type { Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { expect, test } from './fixtures';

/**
 * The training worker's JS heap after a forced GC, read over the DevTools protocol in the
 * worker's own context (performance.memory exists only in pages).
 */
async function workerHeap(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker');
  if (!worker) throw new Error('no worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let id = 0;
  const call = (method: string) => new Promise<Record<string, unknown>>((ok) => {
    const mine = ++id;
    const onMessage = (e: { sessionId?: string; message: string }) => {
      const m = JSON.parse(e.message);
      if (e.sessionId === sessionId && m.id === mine) { cdp.off('Target.receivedMessageFromTarget', onMessage); ok(m.result); }
    };
    cdp.on('Target.receivedMessageFromTarget', onMessage);
    void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method }) });
  });
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage');
  await cdp.detach();
  return usage.usedSize as number;
}

const STEPS = Number(process.env.SOAK_STEPS ?? 3000);
const EARLY = Math.min(2000, Math.round(STEPS / 3));
// A run's stored curve grows until its MAX_POINTS = 2,000 cap (src/state/decimate.ts), so over a long soak part of the
// page's growth is the curve filling up, by design; the README gives the figures.

/** The page's JS heap after a full GC over the DevTools protocol (twice: one pass can leave what the first freed). */
async function pageHeap(page: import('@playwright/test').Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] } });

test(`a ${STEPS.toLocaleString('en')}-step run keeps its heaps and GPU buffers flat`, async ({ playground, browser }) => {
  test.setTimeout(1_800_000);
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&epochs=10000&spf=10');
  expect((await playground.state()).configErrors).toEqual([]); // a bad link would quietly train something else
  await playground.play();
  const at = async (step: number) => {
    await playground.until((s) => (s.runs[0]?.progress?.step ?? 0) >= step, 1_500_000);
    const m = await playground.page.evaluate(() => window.__playground!.memory());
    return { step: (await playground.state()).runs[0].progress!.step, ...m, pageHeapBytes: await pageHeap(playground.page), worker: { ...m.worker, heapBytes: await workerHeap(browser) } };
  };
  const early = await at(EARLY), end = await at(STEPS);
  await playground.pause();
  const mb = (b: number | null) => (b === null ? 'n/a' : `${(b / 2 ** 20).toFixed(2)} MB`);
  const line = `step ${early.step}: page heap ${mb(early.pageHeapBytes)}, worker heap ${mb(early.worker.heapBytes)}, ${early.worker.buffers} GPU buffers (${mb(early.worker.bytes)}); `
    + `step ${end.step}: page heap ${mb(end.pageHeapBytes)}, worker heap ${mb(end.worker.heapBytes)}, ${end.worker.buffers} GPU buffers (${mb(end.worker.bytes)})`;
  test.info().annotations.push({ type: 'soak', description: line });
  console.log(`soak: ${line}`);
  expect(early.pageHeapBytes).not.toBeNull(); // --expose-gc and performance.memory: Chromium reports both
  expect(early.worker.heapBytes).not.toBeNull();
  // The page's heap is reported, not asserted: after two forced GCs it still moved by 7–31% between
  // identical 3,000-step runs here (the README and issue 14's note say so); the worker's and the GPU's are flat.
  expect(end.worker.heapBytes!).toBeLessThanOrEqual(1.1 * early.worker.heapBytes!);
  expect(end.worker.buffers).toBe(early.worker.buffers);
  expect(end.worker.bytes).toBe(early.worker.bytes);
});
