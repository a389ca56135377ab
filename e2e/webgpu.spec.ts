import { expect, test } from '@playwright/test';

test('the page finds a WebGPU adapter and the WGSL Philox gives the known answers', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter-name')).toBeVisible();
  const name = await page.evaluate(() => window.__playground?.adapterName);
  expect(name).toBeTruthy();
  const result = await page.evaluate(() => window.__playground!.philoxSelfTest!());
  expect(result.outputs).toEqual(result.expected);
  expect(result.expected[0]).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
});

test('without WebGPU the page says so and what to do', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => Object.defineProperty(navigator, 'gpu', { get: () => undefined }));
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByTestId('gpu-missing')).toContainText('WebGPU is not available in this browser');
  await context.close();
});
