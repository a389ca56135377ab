/**
 * What a run does with its time and its method: runs share the device's time, not steps;
 * a method switch applies at the next step, marked; and the diagnostics show what the
 * subspace sees of the true gradient. Curves are compared bit for bit, never timed.
 */
import type { RunSnapshot } from '../src/testing/api';
import { expect, test, type PlaygroundPage } from './fixtures';

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
