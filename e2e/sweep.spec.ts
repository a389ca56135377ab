/**
 * The sweep of d in the page: Start runs the sweep's runs one after another as normal
 * runs, the figure and d_int90 follow from their final test accuracies, a reload of the
 * link restores it all from the stored runs without training anything again, and a
 * stopped sweep resumes with only the runs it lacks. A quick 2-D experiment, so the
 * whole sweep takes seconds on SwiftShader; the time is reported, never asserted.
 */
import { serializeConfig } from '../src/experiment/config';
import { formatIntrinsicDim, intrinsicDim } from '../src/experiment/intrinsic';
import type { RunSnapshot } from '../src/testing/api';
import { expect, test, type PlaygroundPage } from './fixtures';

/**
 * A 2-16-2 tanh network (D = 82) on the two circles, 300 steps of 16: sgd learns them at
 * this η, and both methods cross 0.9 × sgd inside the grid (rbd at a smaller d than fpd),
 * so the page interpolates a d_int90 for each rather than saying "≤ 2" or "> 32".
 */
const STEPS = 300;
const SWEEP = `?dataset=circles&arch=mlp:16:tanh&lr=3&sgdLr=3&batch=16&steps=${STEPS}&spf=10&sweep=2,8,32`;
/** The sgd baseline, then fpd and rbd at each of the three d. */
const RUNS = 7;

/** The run's final test accuracy: its last point, which must sit at the budget step. */
const finalAccuracy = (r: RunSnapshot) => {
  const last = r.metrics.at(-1);
  return last?.step === STEPS ? last.testAcc : undefined;
};

/** Polls the sweep until it is done, noting the most runs that were ever live together. */
async function untilDone(playground: PlaygroundPage, timeout: number) {
  let mostLive = 0;
  await expect.poll(async () => {
    const s = await playground.state();
    mostLive = Math.max(mostLive, s.runs.filter((r) => ['starting', 'running', 'paused'].includes(r.status)).length);
    return (await playground.sweep()).status;
  }, { timeout, intervals: [250] }).toBe('done');
  return mostLive;
}

test('a sweep runs in the page, shows d_int90 for fpd and rbd, and a reload of its link restores it without training again', async ({ playground, page }) => {
  test.setTimeout(240_000);
  await playground.open(SWEEP);
  await expect(playground.byTestId('sweep-panel')).toBeVisible();
  await expect(playground.byTestId('field-sweep')).toHaveValue('2,8,32');
  await expect(playground.byTestId('sweep-progress')).toContainText(`0 of ${RUNS} runs done`);
  const started = Date.now();
  await playground.byTestId('sweep-start').click();
  await expect(playground.byTestId('sweep-progress')).toContainText(`of ${RUNS}`);
  const mostLive = await untilDone(playground, 180_000);
  const seconds = (Date.now() - started) / 1000;
  expect(mostLive).toBe(1); // one after another

  const s = await playground.state();
  expect(s.runs).toHaveLength(RUNS);
  for (const r of s.runs) {
    expect(r.status).toBe('finished');
    expect(finalAccuracy(r), `${r.config.method} d=${r.config.d}`).toBeGreaterThan(0);
  }
  // What the page shows, recomputed here from the runs' own final points (design §12).
  const sgd = finalAccuracy(s.runs.find((r) => r.config.method === 'sgd')!)!;
  const shown: Record<string, string> = {};
  for (const method of ['fpd', 'rbd'] as const) {
    const points = s.runs.filter((r) => r.config.method === method).map((r) => ({ d: r.config.d, accuracy: finalAccuracy(r)! }));
    expect(points.map((p) => p.d).sort((a, b) => a - b)).toEqual([2, 8, 32]);
    const text = formatIntrinsicDim(intrinsicDim(points, 0.9 * sgd));
    await expect(playground.byTestId(`sweep-dint-${method}`)).toHaveText(text);
    await expect(playground.byTestId(`sweep-dint-${method}`)).toHaveAttribute('data-kind', 'found');
    shown[method] = text;
  }
  await expect(playground.byTestId('sweep-chart')).toHaveAttribute('data-points', '3');
  await expect(playground.byTestId('sweep-threshold')).toHaveText(`0.9 × sgd ${(100 * sgd).toFixed(1)}% = ${(100 * (0.9 * sgd)).toFixed(1)}%`);
  await expect(playground.byTestId('sweep-budget')).toHaveText(`${STEPS} steps per run`);
  await expect(playground.byTestId('sweep-seeds')).toHaveText('1');
  await expect(playground.byTestId('sweep-progress')).toContainText(`all ${RUNS} runs done`);
  const line = `sweep of ${RUNS} runs: ${seconds.toFixed(1)} s from Start; sgd ${(100 * sgd).toFixed(1)}%; d_int90 fpd ${shown.fpd}, rbd ${shown.rbd}; final accuracies ${s.runs.map((r) => `${r.config.method}${r.config.method === 'sgd' ? '' : ` d=${r.config.d}`} ${(100 * finalAccuracy(r)!).toFixed(1)}%`).join(', ')}`;
  test.info().annotations.push({ type: 'sweep', description: line });
  console.log(line);

  await page.waitForTimeout(1500); // persistence is debounced by 1 s
  await page.reload();
  await page.waitForFunction(() => typeof window.__playground?.getState === 'function');
  await playground.until((r) => r.runs.length === RUNS);
  for (const method of ['fpd', 'rbd']) await expect(playground.byTestId(`sweep-dint-${method}`)).toHaveText(shown[method]);
  await expect(playground.byTestId('sweep-chart')).toHaveAttribute('data-points', '3');
  expect(await playground.sweep()).toMatchObject({ status: 'idle', done: RUNS, total: RUNS });
  // Nothing to resume, and nothing starts by itself.
  await expect(playground.byTestId('sweep-resume')).toHaveCount(0);
  await expect(playground.byTestId('sweep-start')).toHaveCount(0);
  await page.waitForTimeout(1000);
  const after = await playground.state();
  expect(after.runs.map((r) => r.id).sort()).toEqual(s.runs.map((r) => r.id).sort());
  expect(after.runs.every((r) => r.status === 'finished')).toBe(true);
  // The panel with its figure fits a phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(playground.byTestId('sweep-chart')).toBeVisible();
  // Polled: the chart lays out again after the resize, and its old width shows until then.
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { timeout: 5_000 }).toBeLessThanOrEqual(0);
});

test('a sweep stopped midway resumes after a reload with only the runs it lacks', async ({ playground, page }) => {
  test.setTimeout(240_000);
  await playground.open(SWEEP);
  await playground.byTestId('sweep-start').click();
  await expect.poll(async () => (await playground.sweep()).done, { timeout: 120_000 }).toBeGreaterThanOrEqual(2);
  await playground.byTestId('sweep-stop').click();
  await expect.poll(async () => (await playground.sweep()).status).toBe('stopped');
  const stopped = await playground.state();
  const kept = stopped.runs.filter((r) => r.status === 'finished');
  // The run that was stopped is cancelled and removed; the finished ones stay.
  expect(stopped.runs).toEqual(kept);
  expect(kept.length).toBeGreaterThanOrEqual(2);
  expect(kept.length).toBeLessThan(RUNS);

  await page.waitForTimeout(1500); // persistence is debounced by 1 s
  await page.reload();
  await page.waitForFunction(() => typeof window.__playground?.getState === 'function');
  await playground.until((s) => s.runs.length === kept.length);
  await expect(playground.byTestId('sweep-resume')).toHaveText(`▶ Resume (${RUNS - kept.length} left)`);
  expect((await playground.state()).runs.length).toBe(kept.length); // it does not start by itself
  await playground.byTestId('sweep-resume').click();
  await untilDone(playground, 180_000);

  const done = await playground.state();
  expect(done.runs).toHaveLength(RUNS);
  // The runs finished before the stop are the same records; the others ran once each.
  for (const r of kept) expect(done.runs.find((x) => x.id === r.id)?.status).toBe('finished');
  expect(new Set(done.runs.map((r) => serializeConfig(r.config))).size).toBe(RUNS);
  expect(done.runs.every((r) => r.status === 'finished' && finalAccuracy(r) !== undefined)).toBe(true);
  await expect(playground.byTestId('sweep-dint-fpd')).not.toHaveText('–');
  await expect(playground.byTestId('sweep-dint-rbd')).not.toHaveText('–');
});

test('a bad grid gets a message at its field and trains nothing; a failing sweep panel leaves the page standing', async ({ playground, page }) => {
  await playground.open(`${SWEEP.replace('sweep=2,8,32', 'sweep=8,0')}&seeds=1,x`);
  await expect(playground.byTestId('error-sweep')).toContainText('0 is outside 1…1000000');
  await expect(playground.byTestId('error-seeds')).toContainText('x');
  expect((await playground.state()).config).toMatchObject({ sweep: null, seeds: null });
  await expect(playground.byTestId('sweep-start')).toBeDisabled();
  // A draft that does not parse stays in its box, with a message, and never reaches the config.
  await playground.byTestId('field-sweep').fill('16..4');
  await playground.byTestId('field-sweep').press('Enter');
  await expect(playground.byTestId('error-sweep')).toContainText('runs from 16 down to 4');
  expect((await playground.state()).config.sweep).toBeNull();
  await playground.byTestId('field-sweep').fill('4..16');
  await playground.byTestId('field-sweep').press('Enter');
  await expect(page).toHaveURL(/[?&]sweep=4,8,16(&|$)/);
  await expect(playground.byTestId('sweep-progress')).toContainText('0 of 7 runs done');
  // Unticking both methods is refused at the field.
  await playground.byTestId('sweep-method-fpd').uncheck();
  await playground.byTestId('sweep-method-rbd').click();
  await expect(playground.byTestId('sweep-method-rbd')).toBeChecked();
  await expect(playground.page.locator('[data-field="methods"] .field-error')).toContainText('at least one method');
  expect((await playground.state()).config.methods).toEqual(['rbd']);

  await page.evaluate(() => window.__playground!.failPanel('Sweep'));
  await expect(playground.byTestId('panel-error-Sweep')).toBeVisible();
  await expect(playground.byTestId('charts')).toBeVisible();
  await page.evaluate(() => window.__playground!.failPanel(null));
  await playground.byTestId('panel-reset-Sweep').click();
  await expect(playground.byTestId('sweep-panel')).toBeVisible();
  expect((await playground.state()).runs).toEqual([]);
});
