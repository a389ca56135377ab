/// <reference types="vitest/config" />
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built page's Content-Security-Policy: no inline script and no eval; data comes
 * from the page's origin, or from https:/wss: URLs a user gives (a dataset, a training
 * server). Styles may be inline (the charts set style attributes). WebAssembly may
 * compile ('wasm-unsafe-eval', which is not JavaScript eval): TensorFlow.js probes for
 * it on the bench page. Only for the build: the dev server's hot reload injects an
 * inline script.
 */
export const CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "worker-src 'self'", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", "connect-src 'self' https: wss:", "object-src 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ');

const csp = (): Plugin => ({
  name: 'content-security-policy',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
});

export default defineConfig({
  plugins: [react(), csp()],
  // Vite serves the top-level shaders/ folder via `?raw` imports; no extra config needed.
  worker: { format: 'es' },
  server: { host: '127.0.0.1', port: 5173, strictPort: false },
  preview: { host: '127.0.0.1', port: 4173 },
  test: {
    include: ['src/**/*.test.ts'],
    // Dawn is a native addon: one process per file keeps a device crash contained.
    pool: 'forks',
    // Files run on SwiftShader, which uses every core by itself; running files in
    // parallel on a 2-core machine only makes each slower.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default', ['json', { outputFile: 'test-results/unit.json' }]],
  },
});
