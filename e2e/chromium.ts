/**
 * Debian's Chromium with SwiftShader WebGPU (docs/design.md §8): browser downloads are not
 * possible here, and SwiftShader gives every machine the same software GPU. Shared by
 * playwright.config.ts and `npm run bench -- --browser`; CHROMIUM_GPU=1 leaves the
 * adapter to Chromium (a machine with a real GPU and its Vulkan driver).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const SOFTWARE_GPU = process.env.CHROMIUM_GPU === '1' ? [] : ['--use-vulkan=swiftshader', '--use-webgpu-adapter=swiftshader'];

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu', '--enable-features=Vulkan', ...SOFTWARE_GPU,
  '--disable-vulkan-surface', '--no-sandbox',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--no-first-run', '--disable-quic',
];
