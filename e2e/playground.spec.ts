/**
 * The playground as a user meets it: links, controls, layout, and (with the training
 * worker) runs, live edits and persistence. Training specs use the tiny spiral so
 * they stay quick on SwiftShader.
 */
import { parseConfig, serializeConfig } from '../src/experiment/config';
import { expect, test, TINY } from './fixtures';

test.describe('links and settings', () => {
  test('a bad link names every problem, uses defaults, and is rewritten to the canonical form', async ({ playground }) => {
    await playground.open('?d=abc&method=adam&zzz=1&dataset=spiral&arch=cnn&lr=NaN');
    for (const field of ['d', 'method', 'zzz', 'arch', 'lr']) await expect(playground.byTestId(`config-error-${field}`)).toBeVisible();
    await expect(playground.byTestId('error-arch')).toContainText('layer 1 (conv2d)');
    const s = await playground.state();
    // η falls back to its one default: the paper's rate where it has one, else 0.1 (fc on the spiral has none).
    expect(s.config).toMatchObject({ d: 250, method: 'rbd', dataset: 'spiral', arch: 'fc', lr: 0.1 });
    await expect(playground.byTestId('error-lr')).toContainText('using 0.1');
    for (const v of Object.values(s.config)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    expect(s.search).toBe(`?${serializeConfig(s.config)}`);
  });

  test('a canonical link round-trips exactly, with no messages', async ({ playground }) => {
    const { config } = parseConfig('dataset=xor&arch=mlp:8:tanh&method=fpd&d=4&dist=rademacher&compartments=layer&alloc=each&lr=0.25&seed=7');
    await playground.open(`?${serializeConfig(config)}`);
    const s = await playground.state();
    expect(s.config).toEqual(config);
    expect(s.configErrors).toEqual([]);
    await expect(playground.byTestId('config-errors')).toHaveCount(0);
  });

  test('editing a control updates the URL; back and forward apply without a reload', async ({ playground, page }) => {
    await playground.open();
    const opening = (await playground.state()).config.d; // the first preset's experiment
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    await playground.byTestId('field-d').fill('500');
    await playground.byTestId('field-d').press('Enter');
    await expect(page).toHaveURL(/[?&]d=500(&|$)/);
    await page.goBack();
    await expect.poll(async () => (await playground.state()).config.d).toBe(opening);
    await page.goForward();
    await expect.poll(async () => (await playground.state()).config.d).toBe(500);
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  });

  test('a hand-edited fragment applies without a reload', async ({ playground, page }) => {
    await playground.open();
    await page.evaluate(() => { location.hash = 'seed=42&d=12'; });
    await expect.poll(async () => (await playground.state()).config).toMatchObject({ seed: 42, d: 12 });
    await expect(page).toHaveURL(/seed=42/);
  });

  test('an invalid draft stays in its box and never reaches the config', async ({ playground }) => {
    await playground.open();
    const { lr } = (await playground.state()).config;
    await playground.byTestId('field-lr').fill('-3');
    await playground.byTestId('field-lr').press('Enter');
    await expect(playground.byTestId('error-lr')).toContainText('not applied');
    expect((await playground.state()).config.lr).toBe(lr);
  });

  test('the paper buttons set the architecture and show D', async ({ playground }) => {
    await playground.open();
    await playground.byTestId('arch-paper-cnn').click();
    await expect(playground.byTestId('arch-D')).toHaveText('93,322');
    await playground.byTestId('arch-paper-fc').click();
    await expect(playground.byTestId('arch-D')).toHaveText('101,770');
    expect((await playground.state()).config.arch).toBe('fc');
  });

  test('Share shows the link in a field when the clipboard is unavailable', async ({ browser }) => {
    const context = await browser.newContext();
    await context.addInitScript(() => Object.defineProperty(navigator, 'clipboard', { get: () => undefined }));
    const page = await context.newPage();
    await page.goto('/?d=64');
    await page.getByTestId('share-button').click();
    await expect(page.getByTestId('share-url')).toHaveValue(page.url());
    await context.close();
  });
});

test.describe('layout', () => {
  for (const width of [390, 1024, 1920]) {
    test(`fits a ${width}-px-wide screen without sideways scrolling`, async ({ playground, page }) => {
      await page.setViewportSize({ width, height: 900 });
      await playground.open();
      await expect(playground.byTestId('play-pause')).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});

// Everything below needs the training worker (src/train/worker.ts).
test.describe('training', () => {
  test('the circles preset trains: loss falls, accuracy rises, and the page keeps drawing frames', async ({ playground, page }) => {
    await playground.open();
    await playground.byTestId('preset-circles').click();
    // Its RBD run leaves the ln 2 plateau after some 200 steps (README, "What you can see here").
    const run = await playground.until((s) => s.runs[0]?.metrics.some((p) => p.step >= 350) && s.runs[0]);
    const train = run.metrics.filter((p) => p.loss !== undefined && p.trainAcc !== undefined);
    expect(train.at(-1)!.loss!).toBeLessThan(train[0].loss!);
    expect(train.at(-1)!.trainAcc!).toBeGreaterThan(train[0].trainAcc!);
    // Responsive: while the worker trains, the main thread keeps running animation frames
    // (a frozen page would run none). Timings are reported, not asserted (README).
    const frames = await page.evaluate(() => new Promise<number>((resolve) => {
      let n = 0;
      const tick = () => { n++; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      setTimeout(() => resolve(n), 1000);
    }));
    expect(frames).toBeGreaterThan(5);
    const { firstPointMs, longestTaskMs, longestTaskSincePlayMs } = await playground.timings();
    expect(firstPointMs).not.toBeNull();
    const line = `play → first point ${Math.round(firstPointMs!)} ms; longest main-thread task while training ${longestTaskSincePlayMs} ms (since load ${longestTaskMs} ms); ${frames} frames in 1 s while training`;
    test.info().annotations.push({ type: 'timing', description: line });
    console.log(`timing: ${line}`);
    await expect(playground.byTestId('boundary-canvas')).toBeVisible({ timeout: 60_000 });
  });

  test('space pauses and resumes; step runs exactly n steps', async ({ playground, page }) => {
    await playground.open(TINY);
    await page.keyboard.press('Space');
    await playground.runWithPoints(2);
    await page.keyboard.press('Space');
    await playground.until((s) => s.runs[0]?.status === 'paused');
    await playground.page.waitForTimeout(1000); // a turn in flight when the pause arrived still reports its progress
    // Points fall on fixed multiples of spf whatever the pace (docs/design.md §14), so steps are read from the progress.
    const lastStep = (s: Awaited<ReturnType<typeof playground.state>>) => s.runs[0].progress!.step;
    const before = lastStep(await playground.state());
    await playground.step(3);
    await playground.until((s) => lastStep(s) === before + 3);
    await playground.page.waitForTimeout(500);
    expect(lastStep(await playground.state())).toBe(before + 3);
    await page.keyboard.press('Space');
    await playground.until((s) => s.runs[0].status === 'running');
  });

  test('a live learning-rate change lands at a marked step without a reset', async ({ playground }) => {
    await playground.open(TINY);
    await playground.play();
    const run = await playground.runWithPoints(3);
    expect(await playground.liveUpdate({ lr: 0.1 })).toEqual([]);
    const marked = await playground.until((s) => s.runs.find((r) => r.id === run.id && r.marks.length > 0));
    expect(marked.marks[0].patch).toEqual({ lr: 0.1 });
    expect(marked.marks[0].step).toBeGreaterThan(0);
    expect(marked.live.lr).toBe(0.1);
    expect(marked.config.lr).toBe(0.5);
    await playground.until((s) => s.runs[0].metrics.some((p) => p.step > marked.marks[0].step));
  });

  test('a diverging run stops and says at which step', async ({ playground }) => {
    // Four relu layers at η = 1000: activations grow geometrically and the loss becomes
    // NaN within a few steps (checked with the CLI: 'diverged at step 5').
    await playground.open('?dataset=spiral&arch=mlp:256-256-256-256:relu&method=sgd&lr=1000&batch=16&spf=5');
    await playground.play();
    const diverged = await playground.until((s) => s.runs.find((r) => r.status === 'diverged'));
    expect(diverged.message).toMatch(/^diverged at step \d+$/);
    await expect(playground.byTestId(`run-status-${diverged.id}`)).toContainText('diverged at step');
  });

  test('the insight panel says sgd has no basis, before and after the start, and shows the run’s GPU memory', async ({ playground }) => {
    await playground.open(TINY.replace('method=rbd', 'method=sgd'));
    await expect(playground.byTestId('insight-stored-p')).toHaveText('no basis (sgd)');
    await expect(playground.byTestId('insight-used')).toHaveText('after start');
    await playground.play();
    await playground.runWithPoints(1);
    await expect(playground.byTestId('insight-stored-p')).toHaveText('no basis (sgd)');
    // The engine's own count of the run's buffers (checked against the buffer ledger in src/train/engine.gpu.test.ts).
    await expect(playground.byTestId('insight-used')).toHaveText(/^\d+(\.\d+)? (KiB|MiB)$/);
  });

  test('runs and their curves survive a reload', async ({ playground, page }) => {
    await playground.open(TINY);
    await playground.play();
    const run = await playground.runWithPoints(5);
    await playground.pause();
    await page.waitForTimeout(1500); // persistence is debounced by 1 s
    await page.reload();
    await page.waitForFunction(() => typeof window.__playground?.getState === 'function');
    const kept = await playground.until((s) => s.runs.find((r) => r.id === run.id));
    expect(kept.metrics.length).toBeGreaterThanOrEqual(5);
    expect(['interrupted', 'finished']).toContain(kept.status);
  });
});

test.describe('comparing and sharing', () => {
  test('two runs are overlaid, each with its own legend entry', async ({ playground }) => {
    await playground.open(TINY.replace('epochs=20', 'epochs=1'));
    await playground.play();
    const first = await playground.until((s) => s.runs.find((r) => r.status === 'finished'));
    await playground.setConfig(TINY.replace('epochs=20', 'epochs=1').replace('method=rbd', 'method=sgd').slice(1));
    await playground.play();
    await playground.until((s) => s.runs.length === 2 && s.runs.every((r) => r.metrics.length >= 3));
    await expect(playground.byTestId(`legend-toggle-${first.id}`)).toBeVisible();
    const ids = (await playground.state()).runs.map((r) => r.id);
    for (const id of ids) await expect(playground.byTestId(`legend-toggle-${id}`)).toBeVisible();
  });

  test('d changed live lands at a marked step without a reset', async ({ playground }) => {
    await playground.open(TINY);
    await playground.play();
    const run = await playground.runWithPoints(3);
    expect(await playground.liveUpdate({ d: 12 })).toEqual([]);
    const marked = await playground.until((s) => s.runs.find((r) => r.id === run.id && r.marks.length > 0));
    expect(marked.marks[0].patch).toEqual({ d: 12 });
    await playground.until((s) => s.runs[0].metrics.some((p) => p.step > marked.marks[0].step + 10));
    const after = (await playground.state()).runs[0];
    expect(after.metrics[0].step).toBe(run.metrics[0].step); // the same run went on: no reset
  });

  test('the Share URL opened in a new page gives the same config and the same first 20 losses', async ({ playground, page, context }) => {
    // spf=1: one metric point per step, so 20 points are the losses of the first 20 steps.
    await playground.open(`${TINY.replace('spf=10', 'spf=1')}&seed=11`);
    await playground.play();
    const run = await playground.runWithPoints(20);
    await playground.pause();
    await page.getByTestId('share-button').click();
    const shared = page.url();
    const other = await context.newPage();
    const second = new (playground.constructor as typeof import('./fixtures').PlaygroundPage)(other);
    await other.goto(shared);
    await other.waitForFunction(() => typeof window.__playground?.getState === 'function');
    expect((await second.state()).config).toEqual((await playground.state()).config);
    await second.play();
    const again = await second.runWithPoints(20);
    expect(again.metrics.slice(0, 20).map((p) => p.loss)).toEqual(run.metrics.slice(0, 20).map((p) => p.loss));
  });

  test('screenshots of the main views, desktop and phone width', async ({ playground, page }, info) => {
    for (const [name, width, height] of [['desktop', 1440, 1000], ['phone', 390, 844]] as const) {
      await page.setViewportSize({ width, height });
      await playground.open();
      await playground.byTestId('preset-circles').click();
      await playground.runWithPoints(10);
      await expect(playground.byTestId('boundary-canvas')).toBeVisible({ timeout: 60_000 });
      await playground.pause();
      const file = info.outputPath(`playground-${name}.png`);
      await page.screenshot({ path: file, fullPage: name === 'desktop' });
      await info.attach(`playground-${name}`, { path: file, contentType: 'image/png' });
      await playground.reset();
    }
  });
});

test.describe('datasets from files', () => {
  const DIR = '/usr/share/datasets/fashion-mnist';
  const FILES = ['train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz', 't10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];

  test('a bad file is named with its problem and changes nothing; the real Fashion-MNIST files then load', async ({ playground }) => {
    await playground.open('?dataset=fashion-mnist&arch=fc&method=sgd&lr=0.25');
    await expect(playground.byTestId('dataset-status')).toHaveText('Not loaded yet.');
    await playground.byTestId('dataset-file').setInputFiles([
      { name: 'train-images-idx3-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 0, 9, 9, 0, 0, 0, 1]) },
      { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 0, 8, 1, 0, 0, 0, 1, 3]) },
    ]);
    await expect(playground.byTestId('notice-dataset')).toContainText('train-images-idx3-ubyte');
    await expect(playground.byTestId('dataset-status')).toHaveText('Not loaded yet.');
    // Debian's dataset-fashion-mnist (installed by .ci/run), through the real file picker and the worker's gunzip.
    await playground.byTestId('dataset-file').setInputFiles(FILES.map((f) => `${DIR}/${f}`));
    await expect(playground.byTestId('dataset-status')).toContainText('Loaded 60,000 train / 10,000 test', { timeout: 60_000 });
  });
});
