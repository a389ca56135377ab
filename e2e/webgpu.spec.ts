import { expect, test } from '@playwright/test';
import { PlaygroundPage } from './fixtures';

test('the page finds a WebGPU adapter and the WGSL Philox gives the known answers', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter-name')).toBeVisible();
  const name = await page.evaluate(() => window.__playground?.adapterName);
  expect(name).toBeTruthy();
  const result = await page.evaluate(() => window.__playground!.philoxSelfTest!());
  expect(result.outputs).toEqual(result.expected);
  expect(result.expected[0]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
});

test('without WebGPU the page says so, and small models train on the CPU in the worker', async ({ browser }) => {
  const context = await browser.newContext();
  // No WebGPU anywhere: not in the page, and not in the training worker, whose script is
  // served with the same removal in front of it.
  const hideGpu = 'Object.defineProperty(Object.getPrototypeOf(navigator), "gpu", { get: () => undefined });';
  await context.addInitScript(hideGpu);
  await context.route(/\/assets\/worker-[^/]*\.js$/, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: `${hideGpu}\n${await response.text()}` });
  });
  const page = await context.newPage();
  const playground = new PlaygroundPage(page);
  await playground.open();
  await expect(page.getByTestId('gpu-missing')).toContainText('WebGPU is not available in this browser');
  await expect(page.getByTestId('worker-no-webgpu')).toContainText('Small models train on the CPU instead');
  await page.getByTestId('preset-circles').click();
  // Its RBD run leaves the ln 2 plateau after some 200 steps, on the CPU as on the GPU.
  const run = await playground.until((s) => s.runs[0]?.metrics.some((p) => p.step >= 350) && s.runs[0]);
  const train = run.metrics.filter((p) => p.loss !== undefined);
  expect(train.at(-1)!.loss!).toBeLessThan(train[0].loss!);
  // A model too large for the CPU engine is refused with the field to change.
  await playground.reset(); // cancels the spiral run, so play starts a new one
  await playground.setConfig('dataset=mnist&arch=fc&method=sgd');
  await playground.play();
  const message = await playground.until((st) => st.runs.find((r) => r.status === 'error')?.message);
  expect(message).toMatch(/arch: has D = 101,770 parameters; without WebGPU, training runs on the CPU/);
  await context.close();
});
