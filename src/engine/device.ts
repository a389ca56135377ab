/**
 * One way to get a GPUDevice: navigator.gpu in the browser and in workers, Dawn
 * (npm `webgpu`) in Node. Dawn without a GPU runs on SwiftShader (docs/design.md §8).
 */
import { NoWebGPUError } from './errors';

export interface DeviceInfo {
  device: GPUDevice;
  adapterName: string;
  /** True for software adapters (SwiftShader, the CPU fallback). */
  isSoftware: boolean;
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function isNode(): boolean {
  return typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
}

// dawn.node frees its instance when the GPU object is garbage-collected, and devices
// made from it then crash the process: keep it for the life of the process.
let dawnGPU: GPU | null = null;

/** navigator.gpu where it exists, else Dawn in Node, else null. */
export async function getGPU(): Promise<GPU | null> {
  const nav = (globalThis as { navigator?: Navigator }).navigator;
  if (nav?.gpu) return nav.gpu;
  if (!isNode()) return null;
  // Point the Vulkan loader at Chromium's SwiftShader unless a driver is named, so
  // tests and the CLI behave the same on every machine without a GPU. On a machine
  // with a GPU, set VK_ICD_FILENAMES (or VK_DRIVER_FILES) to its driver.
  const fs = await import('node:fs');
  if (!process.env.VK_ICD_FILENAMES && !process.env.VK_DRIVER_FILES && fs.existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  const dawnName = 'webgpu'; // a variable, so browser bundles never include Dawn
  const dawn = (await import(/* @vite-ignore */ dawnName)) as {
    create(flags: string[]): GPU;
    globals: Record<string, unknown>;
  };
  for (const [k, v] of Object.entries(dawn.globals)) {
    if (!(k in globalThis)) (globalThis as Record<string, unknown>)[k] = v;
  }
  dawnGPU ??= dawn.create([]);
  return dawnGPU;
}

/** True for software adapters (SwiftShader, llvmpipe, the CPU fallback). */
export function isSoftwareAdapter(info: GPUAdapterInfo): boolean {
  const name = [info.vendor, info.architecture, info.device, info.description].join(' ');
  return /swiftshader|llvmpipe|software|cpu/i.test(name) || (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
}

/** Requests an adapter and a device with the adapter's full limits. */
export async function getDevice(label = 'playground'): Promise<DeviceInfo> {
  const gpu = await getGPU();
  if (!gpu) {
    throw new NoWebGPUError(
      'WebGPU is not available in this browser. Use a recent Chrome or Edge (or Firefox/Safari with WebGPU enabled), ' +
        'and make sure hardware acceleration is on.',
    );
  }
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) {
    throw new NoWebGPUError(
      'No WebGPU adapter could be created. On Linux without a GPU, install Debian\'s chromium (for SwiftShader) ' +
        'and libvulkan1, or set VK_ICD_FILENAMES to a Vulkan driver.',
    );
  }
  const info = adapter.info;
  const adapterName = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown adapter';
  const limits: Record<string, number> = {};
  for (const name of ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxComputeWorkgroupsPerDimension',
    'maxComputeWorkgroupStorageSize', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX',
    'maxStorageBuffersPerShaderStage'] as const) {
    limits[name] = adapter.limits[name];
  }
  const device = await adapter.requestDevice({ label, requiredLimits: limits });
  return { device, adapterName, isSoftware: isSoftwareAdapter(info) };
}
