/**
 * The GPU test harness (docs/style.md, after webgpu-utils). `withDevice` runs a test body
 * inside validation and out-of-memory error scopes, tracks every buffer the body
 * creates and destroys it afterwards, and fails on any GPU error. A missing adapter is
 * a failure, never a skip: CI has no GPU, so Dawn must find SwiftShader there.
 */
import { getDevice, type DeviceInfo } from '../engine/device';

let shared: Promise<DeviceInfo> | null = null;

/** The device shared by the tests of this worker process. */
export function testDevice(): Promise<DeviceInfo> {
  shared ??= getDevice('test').catch((e: Error) => {
    throw new Error(`no WebGPU device for the GPU tests (CI=${process.env.CI ?? 'unset'}): ${e.message}`);
  });
  return shared;
}

export interface GpuTest {
  device: GPUDevice;
  adapterName: string;
}

export async function withDevice<T>(body: (t: GpuTest) => Promise<T>): Promise<T> {
  const { device, adapterName } = await testDevice();
  const created: GPUBuffer[] = [];
  const createBuffer = device.createBuffer;
  device.createBuffer = function (descriptor: GPUBufferDescriptor) {
    const buffer = createBuffer.call(this, descriptor);
    created.push(buffer);
    return buffer;
  };
  let uncaptured: string | null = null;
  const onError = (e: Event) => { uncaptured ??= (e as GPUUncapturedErrorEvent).error.message; };
  device.addEventListener('uncapturederror', onError);
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  try {
    const result = await body({ device, adapterName });
    await device.queue.onSubmittedWorkDone();
    const validation = await device.popErrorScope();
    const oom = await device.popErrorScope();
    const error = validation ?? oom;
    if (error) throw new Error(`GPU error during the test: ${error.message}`);
    if (uncaptured) throw new Error(`uncaptured GPU error during the test: ${uncaptured}`);
    return result;
  } catch (e) {
    // Leave the scope stack balanced for the next test, whatever happened.
    while (await device.popErrorScope().then(() => true, () => false));
    throw e;
  } finally {
    device.removeEventListener('uncapturederror', onError);
    device.createBuffer = createBuffer;
    for (const b of created) b.destroy();
  }
}
