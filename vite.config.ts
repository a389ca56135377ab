/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
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
