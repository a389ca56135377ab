/**
 * Debian's Chromium with SwiftShader WebGPU (DESIGN.md §8): browser downloads are not
 * possible here, and SwiftShader gives every machine the same software GPU. Shared by
 * playwright.config.ts and `npm run bench -- --browser`.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader', '--disable-vulkan-surface', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];
