/**
 * Checkpoints where a new worker can find them: the worker sends each run's latest to the
 * page, which keeps it (and stores it in IndexedDB). A worker that dies is replaced and
 * its runs carry on from their checkpoints; a page closed mid-run offers "Continue from
 * step N" when it is opened again. Either way the run ends bit for bit as an
 * uninterrupted one (docs/design.md §14): the same final θ hash and the same curve.
 */
import type { RunSnapshot } from '../src/testing/api';
import { expect, PlaygroundPage, test } from './fixtures';

const RBD = 'dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=3000&spf=10';
const FPD = 'dataset=circles&arch=mlp:32:tanh&method=fpd&d=16&lr=3&batch=16&steps=3000&spf=10';
// Checkpoints come about 10 s of work apart (src/train/hosted-run.ts), and the page must close
// after the second but before the run ends: 3,000 steps alone took 12 s on CI, too close. At
// 10,000 steps the close comes 1,700–3,000 steps in (this machine; CI), with most of the run to go.
const LONG = RBD.replace('steps=3000', 'steps=10000');

const byId = (s: { runs: RunSnapshot[] }, id: string) => s.runs.find((r) => r.id === id)!;
const finished = (playground: PlaygroundPage, ids: string[]) =>
  playground.until((s) => ids.every((id) => byId(s, id)?.status === 'finished') && ids.map((id) => byId(s, id)), 300_000);

test('a killed worker is replaced, and the runs it held end with the same θ and curve as uninterrupted runs', async ({ playground, page }) => {
  test.setTimeout(600_000);
  await playground.open(`?${RBD}`);
  const t0 = Date.now();
  const clean = await finished(playground, await playground.startRuns([RBD, FPD]));
  const cleanMs = Date.now() - t0;
  await playground.reset();
  const [a, b] = await playground.startRuns([RBD, FPD]);
  // Mid-run, with a checkpoint on the page that is not the run's first (those come at most every 10 s).
  const first = await playground.until((s) => byId(s, a).checkpointStep !== null && byId(s, b).checkpointStep !== null && s, 60_000);
  const later = (s: { runs: RunSnapshot[] }, id: string) => (byId(s, id).checkpointStep ?? 0) > byId(first, id).checkpointStep!;
  const before = await playground.until((s) => (later(s, a) && later(s, b) && (byId(s, a).progress?.step ?? 0) < 2800 ? s : null), 120_000);
  const at = { a: byId(before, a).checkpointStep!, b: byId(before, b).checkpointStep! };
  // The lowest step the page shows for each run from the kill on: a run resumed from its checkpoint never goes below it.
  await page.evaluate((ids) => {
    const w = window as unknown as { __lowest: Record<string, number> };
    w.__lowest = Object.fromEntries(ids.map((id) => [id, Infinity]));
    setInterval(() => {
      for (const r of window.__playground!.getState().runs) if (r.id in w.__lowest) w.__lowest[r.id] = Math.min(w.__lowest[r.id], r.progress?.step ?? Infinity);
    }, 10);
    window.__playground!.killWorker();
  }, [a, b]);
  const notice = await playground.until((s) => s.notices.find((n) => n.kind === 'worker')?.message);
  expect(notice).toBe('The training worker stopped (the test API terminated it); a new one was started: 2 runs continue from their last checkpoint.');
  const resumed = await finished(playground, [a, b]);
  const lowest = await page.evaluate(() => (window as unknown as { __lowest: Record<string, number> }).__lowest);
  const line = `uninterrupted in ${(cleanMs / 1000).toFixed(1)} s; killed with checkpoints at steps ${at.a} and ${at.b}, the lowest steps shown after it ${lowest[a]} and ${lowest[b]}; `
    + `θ ${resumed[0].thetaHash} (uninterrupted ${clean[0].thetaHash}), ${resumed[1].thetaHash} (${clean[1].thetaHash})`;
  test.info().annotations.push({ type: 'worker restart', description: line });
  console.log(`worker restart: ${line}`);
  expect(lowest[a]).toBeGreaterThanOrEqual(at.a);
  expect(lowest[b]).toBeGreaterThanOrEqual(at.b);
  expect((await playground.state()).notices.map((n) => n.message)).toEqual([notice]); // nothing else went wrong
  for (const i of [0, 1]) {
    expect(resumed[i].thetaHash).toBeTruthy();
    expect(resumed[i].thetaHash).toBe(clean[i].thetaHash);
    const steps = resumed[i].metrics.map((p) => p.step);
    expect(new Set(steps).size).toBe(steps.length); // no point twice
    expect(resumed[i].metrics).toEqual(clean[i].metrics);
    expect(resumed[i].checkpointStep).toBeNull(); // a finished run's checkpoint is dropped
  }
});

test('a page closed mid-run and opened again continues from its stored checkpoint and ends as the uninterrupted run', async ({ playground, context }) => {
  test.setTimeout(600_000);
  await playground.open(`?${LONG}`);
  const [clean] = await finished(playground, await playground.startRuns([LONG]));
  const [id] = await playground.startRuns([LONG]);
  // Past its first checkpoint (at its first evaluation) to a later one, and on beyond it.
  const first = await playground.until((s) => byId(s, id).checkpointStep, 60_000);
  const saw = await playground.until((s) => (byId(s, id).checkpointStep ?? 0) > first && byId(s, id).progress!.step > byId(s, id).checkpointStep! + 100 && byId(s, id), 120_000);
  await playground.page.waitForTimeout(1500); // saving is debounced by 1 s
  expect(byId(await playground.state(), id).status).toBe('running'); // else the close below proves nothing
  await playground.page.close(); // no pause: the run is mid-way
  const reopened = new PlaygroundPage(await context.newPage());
  await reopened.open(`?${LONG}`);
  const kept = await reopened.until((s) => byId(s, id));
  expect(kept.status).toBe('interrupted');
  expect(kept.checkpointStep).toBeGreaterThanOrEqual(saw.checkpointStep!);
  const button = reopened.byTestId(`run-continue-${id}`);
  await expect(button).toHaveText(`Continue from step ${kept.checkpointStep!.toLocaleString('en')}`);
  await expect(reopened.byTestId(`run-continue-${clean.id}`)).toHaveCount(0); // a finished run has nothing to continue
  await button.click();
  const [continued] = await finished(reopened, [id]);
  console.log(`page closed: at step ${saw.progress!.step}, continued from step ${kept.checkpointStep}; θ ${continued.thetaHash} (uninterrupted ${clean.thetaHash})`);
  expect(continued.thetaHash).toBeTruthy();
  expect(continued.thetaHash).toBe(clean.thetaHash);
  expect(continued.metrics).toEqual(clean.metrics);
  expect((await reopened.state()).notices).toEqual([]);
});

test('a corrupt stored checkpoint is skipped with a notice naming its run, which is kept with its curve', async ({ playground, context }) => {
  await playground.open(`?${RBD}`);
  const [id] = await playground.startRuns([RBD]);
  await playground.until((s) => byId(s, id).checkpointStep && byId(s, id).metrics.length >= 5);
  await playground.pause(); // no newer checkpoint overwrites the damage below
  await playground.page.waitForTimeout(1500); // saving is debounced by 1 s
  const points = (await playground.state()).runs[0].metrics.length;
  await playground.page.evaluate((runId) => new Promise<void>((ok, fail) => {
    const req = indexedDB.open('random-bases-playground');
    req.onsuccess = () => {
      const tx = req.result.transaction('checkpoints', 'readwrite');
      const store = tx.objectStore('checkpoints');
      const get = store.get(runId);
      get.onsuccess = () => store.put({ ...get.result, checkpoint: { ...get.result.checkpoint, theta: 'garbage' } });
      tx.oncomplete = () => { req.result.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  }), id);
  await playground.page.close();
  const reopened = new PlaygroundPage(await context.newPage());
  await reopened.open();
  await expect(reopened.byTestId('notice-storage')).toContainText(
    `The checkpoint of run '${id}' is corrupt in storage (its θ is not a list of finite numbers); skipped: the run and its curve are kept, without “Continue”.`);
  const kept = await reopened.until((s) => byId(s, id));
  expect(kept).toMatchObject({ status: 'interrupted', checkpointStep: null });
  expect(kept.metrics.length).toBe(points);
  await expect(reopened.byTestId(`run-continue-${id}`)).toHaveCount(0);
  await expect(reopened.byTestId('charts')).toBeVisible();
});

test('a database of the version before checkpoints is upgraded in place: its runs are kept', async ({ page }) => {
  // A page of the origin without the app (an image) makes the old database, as the last version left it.
  await page.goto('/screenshot.png');
  await page.evaluate(() => new Promise<void>((ok, fail) => {
    const req = indexedDB.open('random-bases-playground', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('runs', { keyPath: 'id' });
    req.onsuccess = () => {
      const tx = req.result.transaction('runs', 'readwrite');
      // Fields missing from the config read as their defaults (state/persist.ts).
      const run = { id: 'old', createdAt: 1, config: {}, live: {}, status: 'finished', color: '#0072b2', visible: true, marks: [] };
      tx.objectStore('runs').put({ schema: 1, id: 'old', run, points: [{ step: 10, epoch: 0.1, loss: 1.5 }] });
      tx.oncomplete = () => { req.result.close(); ok(); };
      tx.onerror = () => fail(tx.error);
    };
  }));
  const playground = new PlaygroundPage(page);
  await playground.open();
  const old = await playground.until((s) => byId(s, 'old'));
  expect(old).toMatchObject({ status: 'finished', metrics: [{ step: 10, epoch: 0.1, loss: 1.5 }] });
  expect((await playground.state()).notices).toEqual([]);
  const stores = await page.evaluate(() => new Promise<{ version: number; names: string[] }>((ok) => {
    const req = indexedDB.open('random-bases-playground');
    req.onsuccess = () => { ok({ version: req.result.version, names: [...req.result.objectStoreNames] }); req.result.close(); };
  }));
  expect(stores).toEqual({ version: 2, names: ['checkpoints', 'runs'] });
});

test('a replacement worker loads the dataset files the user gave again; a run with no checkpoint yet starts again from step 0 and ends the same', async ({ playground }) => {
  test.setTimeout(300_000);
  const DIR = '/usr/share/datasets/fashion-mnist';
  const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
  // Its first evaluation is at the end of its first epoch (1,875 steps), so no checkpoint comes before its ~10 s of work.
  const QUERY = 'dataset=fashion-mnist&arch=mlp:16:tanh&method=rbd&d=16&lr=1&batch=32&steps=400&spf=10';
  await playground.open(`?${QUERY}`);
  await playground.byTestId('dataset-file').setInputFiles(FILES.map((f) => `${DIR}/${f}`));
  await expect(playground.byTestId('dataset-status')).toContainText('Loaded 60,000 train / 10,000 test', { timeout: 60_000 });
  const [clean] = await finished(playground, await playground.startRuns([QUERY]));
  const [id] = await playground.startRuns([QUERY]);
  await playground.until((s) => byId(s, id).metrics.length >= 3 && byId(s, id).checkpointStep === null);
  await playground.page.evaluate(() => window.__playground!.killWorker());
  const [again] = await finished(playground, [id]);
  const notices = (await playground.state()).notices.map((n) => n.message);
  expect(notices).toEqual(['The training worker stopped (the test API terminated it); a new one was started: 1 run starts again from step 0 (no checkpoint yet; the numbers come out the same).']);
  expect(again.thetaHash).toBe(clean.thetaHash);
  expect(again.metrics).toEqual(clean.metrics);
});
