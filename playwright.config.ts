import { defineConfig } from '@playwright/test';

// Debian's Chromium with SwiftShader WebGPU (DESIGN.md §8): browser downloads are not
// possible here, and SwiftShader gives every machine the same software GPU.
export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];
const PORT = 5199;

export default defineConfig({
  testDir: 'e2e',
  // Artifacts (traces, screenshots) go below test-results/, beside the JSON reports.
  outputDir: 'test-results/e2e-artifacts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'on-first-retry',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
  },
  webServer: {
    // The production build, as `npm start` serves it: React's development build adds
    // checks that would dominate the main-thread timings the specs report.
    command: `npm run build && npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
