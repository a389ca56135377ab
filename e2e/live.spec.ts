/**
 * What a run does with its time and its method: runs share the device's time, not steps;
 * a method switch applies at the next step, marked; and the diagnostics show what the
 * subspace sees of the true gradient. Curves are compared bit for bit, never timed.
 */
import type { RunSnapshot } from '../src/testing/api';
import { expect, PlaygroundPage, test, watchCsp } from './fixtures';

// A cheap step (sgd, D = 162) and a dear one (rbd, D = 17,027 at d = 192: some 30× the cost on SwiftShader).
const FAST = 'dataset=circles&arch=mlp:32:tanh&method=sgd&lr=0.5&batch=16&epochs=10000&spf=10';
const SLOW = 'dataset=circles&arch=mlp:128-128:tanh&method=rbd&d=192&lr=0.5&batch=16&epochs=10000&spf=10';

const byId = (s: { runs: RunSnapshot[] }, id: string) => s.runs.find((r) => r.id === id)!;

/** Trains `query` alone for exactly `steps` steps and returns its training points up to `upTo`. */
async function alone(playground: PlaygroundPage, query: string, steps: number, upTo: number) {
  const [id] = await playground.startRuns([`${query}&steps=${steps}`]);
  const run = await playground.until((s) => byId(s, id)?.status === 'finished' && byId(s, id), 300_000);
  return run.metrics.filter((p) => p.step <= upTo && p.loss !== undefined).map(({ step, loss, trainAcc }) => ({ step, loss, trainAcc }));
}

test('a fast and a slow run started together each go at their own speed, and each curve is the one trained alone', async ({ playground }) => {
  test.setTimeout(600_000);
  await playground.open(`?${FAST}`);
  const [fast, slow] = await playground.startRuns([FAST, SLOW]);
  await playground.until((s) => (byId(s, slow).progress?.step ?? 0) >= 30, 300_000);
  await playground.pause();
  await playground.page.waitForTimeout(1000); // turns in flight report their progress
  const s = await playground.state();
  const steps = { fast: byId(s, fast).progress!.step, slow: byId(s, slow).progress!.step };
  const line = `fast ${steps.fast} steps, slow ${steps.slow} steps in the same time (${(steps.fast / steps.slow).toFixed(1)}×)`;
  test.info().annotations.push({ type: 'time-sharing', description: line });
  console.log(`time-sharing: ${line}`);
  expect(steps.fast).toBeGreaterThanOrEqual(5 * steps.slow);
  for (const [id, query, n] of [[fast, FAST, steps.fast], [slow, SLOW, steps.slow]] as const) {
    const whole = n - (n % 10);
    const together = byId(s, id).metrics.filter((p) => p.step <= whole && p.loss !== undefined).map(({ step, loss, trainAcc }) => ({ step, loss, trainAcc }));
    expect(together.length).toBeGreaterThan(2);
    expect(await alone(playground, query, n, whole)).toEqual(together);
  }
});

test('a method switch lands at the next step, marked, and the same switch step gives the same curve', async ({ playground }) => {
  const query = '?dataset=circles&arch=mlp:32:tanh&method=sgd&lr=0.5&d=16&batch=16&steps=120&spf=10';
  const curves: unknown[] = [];
  for (let i = 0; i < 2; i++) {
    await playground.open(query);
    await playground.step(40);
    // The newest run: the first pass's run is kept (IndexedDB) and comes back after the reload.
    await playground.until((s) => s.runs.at(-1)?.progress?.step === 40);
    expect(await playground.liveUpdate({ method: 'rbd' })).toEqual([]);
    await playground.step(80);
    const run = await playground.until((s) => s.runs.at(-1)!.status === 'finished' && s.runs.at(-1));
    expect(run.marks).toEqual([{ step: 40, epoch: run.marks[0].epoch, patch: { method: 'rbd' } }]);
    expect(run.live.method).toBe('rbd');
    expect(run.live.lr).toBe(0.5); // η stays unless the change sets it
    expect(run.metrics.some((p) => p.diagnostics && p.step > 40)).toBe(true); // rbd now probes
    curves.push(run.metrics);
    await playground.reset();
  }
  expect(curves[1]).toEqual(curves[0]);
});

test('the diagnostics chart shows ρ_G near √(d/D) for rbd, and the insight panel its value', async ({ playground }) => {
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=200&spf=10');
  await playground.play();
  const run = await playground.until((s) => s.runs[0]?.metrics.filter((p) => p.diagnostics).length >= 2 && s.runs[0]);
  const level = Math.sqrt(16 / 162);
  for (const p of run.metrics.filter((q) => q.diagnostics)) expect(p.diagnostics!.rhoG).toBeGreaterThan(0);
  await expect(playground.byTestId('chart-rho-g')).toBeVisible();
  await expect(playground.byTestId('insight-rho-g')).toContainText(`√(Σd_k/D) = ${level.toFixed(3)}`);
});

test('a panel that throws while rendering shows its boundary’s message, and the rest of the page still trains', async ({ playground }) => {
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&epochs=10000&spf=10');
  await playground.play();
  await playground.runWithPoints(2);
  await playground.page.evaluate(() => window.__playground!.failPanel('Insight'));
  await expect(playground.byTestId('panel-error-Insight')).toContainText('Insight failed');
  await expect(playground.byTestId('panel-error-Insight')).toContainText('a failure injected by the test API');
  await expect(playground.byTestId('insight')).toHaveCount(0);
  // The others live on: the run trains, its curves and controls answer.
  const before = (await playground.state()).runs[0].metrics.length;
  await playground.until((s) => s.runs[0].metrics.length > before + 2);
  await expect(playground.byTestId('charts')).toBeVisible();
  await playground.byTestId('field-d').fill('12');
  await playground.byTestId('field-d').press('Enter');
  await expect.poll(async () => (await playground.state()).config.d).toBe(12);
  // Reset this panel: it comes back once the fault is gone.
  await playground.page.evaluate(() => window.__playground!.failPanel(null));
  await playground.byTestId('panel-reset-Insight').click();
  await expect(playground.byTestId('insight')).toBeVisible();
  await playground.pause();
});

test('the built page carries its Content-Security-Policy (no inline script, no eval) and trains under it', async ({ playground, page }) => {
  const violations = await watchCsp(page);
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=60&spf=10');
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval';"); // WebAssembly may compile; JavaScript may not be eval'd
  expect(policy).not.toMatch(/'unsafe-eval'|script-src[^;]*unsafe-inline/);
  expect(policy).toContain("connect-src 'self' https: wss:");
  await playground.play();
  await playground.until((s) => s.runs[0]?.status === 'finished');
  await expect(playground.byTestId('boundary-canvas')).toBeVisible();
  expect(await violations()).toEqual([]); // the page did nothing its policy refuses
  // The policy is in force: an inline script, as an injected one would be, is refused.
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.head.append(s);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src(-elem)?: inline/)]));
});

test('five device losses during a run: it resumes from its checkpoints each time and ends with the same θ and curve as an uninterrupted run; a run alongside is unaffected', async ({ playground }) => {
  test.setTimeout(600_000);
  const A = 'dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=3000&spf=10';
  const B = 'dataset=circles&arch=mlp:32:tanh&method=fpd&d=16&lr=3&batch=16&steps=3000&spf=10';
  await playground.open(`?${A}`);
  const uninterrupted = await playground.startRuns([A, B]);
  const clean = await playground.until((s) => uninterrupted.every((id) => byId(s, id)?.status === 'finished') && uninterrupted.map((id) => byId(s, id)), 300_000);
  await playground.reset();
  const [a, b] = await playground.startRuns([A, B]);
  for (let loss = 1; loss <= 5; loss++) {
    const at = (s: { runs: RunSnapshot[] }) => byId(s, a)?.progress?.step ?? 0;
    const now = at(await playground.state());
    await playground.until((s) => at(s) >= now + 200, 120_000);
    await playground.page.evaluate(() => window.__playground!.loseDevice());
    await playground.until((s) => s.notices.filter((n) => n.kind === 'device').length >= loss, 60_000);
  }
  const lost = await playground.until((s) => [a, b].every((id) => byId(s, id)?.status === 'finished') && [a, b].map((id) => byId(s, id)), 300_000);
  const notices = (await playground.state()).notices.map((n) => n.message);
  expect(notices.filter((m) => !m.startsWith('The GPU device was lost'))).toEqual([]); // nothing else went wrong
  console.log(`device losses: 5 injected; final θ ${lost[0].thetaHash} (uninterrupted ${clean[0].thetaHash}), alongside ${lost[1].thetaHash} (${clean[1].thetaHash})`);
  for (const i of [0, 1]) {
    expect(lost[i].thetaHash).toBeTruthy();
    expect(lost[i].thetaHash).toBe(clean[i].thetaHash);
    const steps = lost[i].metrics.map((p) => p.step);
    expect(new Set(steps).size).toBe(steps.length); // no point is sent twice
    expect(lost[i].metrics).toEqual(clean[i].metrics);
  }
});

test('a configuration too large for the device is refused before any dispatch, naming the limit, and a run alongside trains on', async ({ playground }) => {
  // 1,024 same-padded 3×3 filters on 28×28 digits at batch 1,024: one activation buffer is 3.3 GB.
  const huge = 'dataset=mnist&arch=cnn:1024k3s:16&method=sgd&lr=0.01&batch=1024&steps=10';
  const small = 'dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&steps=200&spf=10';
  await playground.open(`?${small}`);
  const [ok, big] = await playground.startRuns([small, huge]);
  const refused = await playground.until((s) => byId(s, big)?.status === 'error' && byId(s, big), 120_000);
  console.log(`too large: ${refused.message}`);
  expect(refused.message).toMatch(/needs (maxStorageBufferBindingSize|maxBufferSize) = \d+, but this device allows \d+/);
  const trained = await playground.until((s) => byId(s, ok)?.status === 'finished' && byId(s, ok), 120_000);
  expect(trained.metrics.length).toBeGreaterThan(5);
});

test('a page closed mid-run and opened again keeps its runs and curves; a corrupt stored record is skipped with a notice', async ({ playground, context }) => {
  await playground.open('?dataset=circles&arch=mlp:32:tanh&method=rbd&d=16&lr=3&batch=16&epochs=10000&spf=10');
  await playground.play();
  const run = await playground.runWithPoints(8);
  await playground.page.waitForTimeout(1500); // saving is debounced by 1 s
  // A record that is no run of this version, as a crash mid-write or an old version would leave.
  await playground.page.evaluate(() => new Promise<void>((ok, fail) => {
    const req = indexedDB.open('random-bases-playground');
    req.onsuccess = () => {
      const tx = req.result.transaction('runs', 'readwrite');
      tx.objectStore('runs').put({ schema: 1, id: 'broken', run: { id: 'broken' }, points: 'garbage' });
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    };
  }));
  await playground.page.close(); // no pause: the run is mid-way
  const reopened = new PlaygroundPage(await context.newPage());
  await reopened.open();
  const kept = await reopened.until((s) => s.runs.find((r) => r.id === run.id));
  expect(kept.status).toBe('interrupted');
  expect(kept.metrics.length).toBeGreaterThanOrEqual(8);
  await expect(reopened.byTestId('notice-storage')).toContainText("Run 'broken' is corrupt in storage");
  await expect(reopened.byTestId('charts')).toBeVisible();
});
