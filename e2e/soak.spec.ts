/**
 * A long run stays flat: what the page and the worker keep (each read in its own context
 * from a heap snapshot) and the worker's live GPU buffers (the buffer ledger), early and at
 * the end. SOAK_STEPS sets the length: 3,000 in CI; the README quotes a 20,000-step soak
 * (`SOAK_STEPS=20000 CI=true npx playwright test e2e/soak.spec.ts`).
 *
 * Why snapshots: `Runtime.getHeapUsage` after forced GCs moved by up to 3.4 MB between
 * identical runs at the same step (11.1 and 14.5 MB for the page), while heap snapshots
 * of those two pages held the same live objects to within 0.01 MB (14.67 and 14.68 MB),
 * and the worker's read 1.3 MB or 2.2 MB with snapshots alike to the kilobyte. A snapshot
 * counts what is reachable (after its own full GC), JS objects and the DOM they hold alike.
 */
import type { Browser, Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { expect, test } from './fixtures';

/** A DevTools protocol session: a command, and a listener for one event. */
interface Devtools {
  call(method: string, params?: object): Promise<unknown>;
  on(event: string, listener: (params: { chunk: string }) => void): () => void;
}

/** The bytes of every object reachable in the session's context: the sum of a heap snapshot's self sizes. */
async function liveBytes(devtools: Devtools): Promise<number> {
  const chunks: string[] = [];
  const off = devtools.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }) => chunks.push(chunk));
  await devtools.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  off();
  const { snapshot, nodes } = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[] } }; nodes: number[] };
  const fields = snapshot.meta.node_fields, self = fields.indexOf('self_size');
  let bytes = 0;
  for (let i = self; i < nodes.length; i += fields.length) bytes += nodes[i];
  return bytes;
}

/** What the page keeps. */
async function pageHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  const bytes = await liveBytes({
    call: (method, params) => cdp.send(method as 'HeapProfiler.takeHeapSnapshot', params),
    on: (event, listener) => { cdp.on(event as 'HeapProfiler.addHeapSnapshotChunk', listener); return () => cdp.off(event as 'HeapProfiler.addHeapSnapshotChunk', listener); },
  });
  await cdp.detach();
  return bytes;
}

/** What the training worker keeps, read in the worker's own context (performance.memory exists only in pages). */
async function workerHeap(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker');
  if (!worker) throw new Error('no worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let id = 0;
  // Messages of the worker arrive wrapped: a command's answer by its id, an event by its method.
  const on = (pick: (m: { id?: number; method?: string; params?: unknown }) => void) => {
    const listener = (e: { sessionId?: string; message: string }) => { if (e.sessionId === sessionId) pick(JSON.parse(e.message)); };
    cdp.on('Target.receivedMessageFromTarget', listener);
    return () => cdp.off('Target.receivedMessageFromTarget', listener);
  };
  const bytes = await liveBytes({
    call: (method, params) => new Promise((ok) => {
      const mine = ++id;
      const off = on((m) => { if (m.id === mine) { off(); ok(undefined); } });
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: mine, method, params }) });
    }),
    on: (event, listener) => on((m) => { if (m.method === event) listener(m.params as { chunk: string }); }),
  });
  await cdp.detach();
  return bytes;
}

const STEPS = Number(process.env.SOAK_STEPS ?? 3000);
const EARLY = Math.min(2000, Math.round(STEPS / 3));

test.use({ launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'] } });

test(`a ${STEPS.toLocaleString('en')}-step run keeps its heaps and GPU buffers flat`, async ({ playground, browser }) => {
  test.setTimeout(1_800_000);
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&epochs=10000&spf=10');
  expect((await playground.state()).configErrors).toEqual([]); // a bad link would quietly train something else
  await playground.play();
  const at = async (step: number) => {
    await playground.until((s) => (s.runs[0]?.progress?.step ?? 0) >= step, 1_500_000);
    const m = await playground.page.evaluate(() => window.__playground!.memory());
    const run = (await playground.state()).runs[0];
    // The page keeps about 4 KB per point it holds (the README says where), so the points are reported beside it.
    return { step: run.progress!.step, points: run.metrics.length, ...m, pageHeapBytes: await pageHeap(playground.page), worker: { ...m.worker, heapBytes: await workerHeap(browser) } };
  };
  const early = await at(EARLY), end = await at(STEPS);
  await playground.pause();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(2)} MB`;
  const line = `step ${early.step}: page ${mb(early.pageHeapBytes)} holding ${early.points} points, worker ${mb(early.worker.heapBytes)}, ${early.worker.buffers} GPU buffers (${mb(early.worker.bytes)}); `
    + `step ${end.step}: page ${mb(end.pageHeapBytes)} holding ${end.points} points, worker ${mb(end.worker.heapBytes)}, ${end.worker.buffers} GPU buffers (${mb(end.worker.bytes)})`;
  test.info().annotations.push({ type: 'soak', description: line });
  console.log(`soak: ${line}`);
  // The page's is reported, not asserted: it grows with the points it holds, up to their caps (2,000 a run in the
  // store, 400 a chart drawn), which this window does not reach; the README gives the figures. The worker's and
  // the GPU's are flat.
  expect(end.worker.heapBytes).toBeLessThanOrEqual(1.1 * early.worker.heapBytes);
  expect(end.worker.buffers).toBe(early.worker.buffers);
  expect(end.worker.bytes).toBe(early.worker.bytes);
});
