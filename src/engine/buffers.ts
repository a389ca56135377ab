/** Buffer helpers: creation with limit checks, a per-device ledger, uploads and asynchronous readback. */
import { DeviceLimitError } from './errors';

export const STORAGE = 0x80 | 0x08 | 0x04; // STORAGE | COPY_DST | COPY_SRC (GPUBufferUsage values)
export const UNIFORM = 0x40 | 0x08; // UNIFORM | COPY_DST

/** Creates a buffer of at least `bytes` (rounded up to 16, at least 16), refusing one over the device's limits. */
export function createBuffer(device: GPUDevice, label: string, bytes: number, usage = STORAGE): GPUBuffer {
  const size = Math.max(16, Math.ceil(bytes / 16) * 16);
  if (size > device.limits.maxBufferSize) {
    throw new DeviceLimitError(`buffer '${label}'`, 'maxBufferSize', size, device.limits.maxBufferSize);
  }
  if (usage & 0x80 && size > device.limits.maxStorageBufferBindingSize) {
    throw new DeviceLimitError(`buffer '${label}'`, 'maxStorageBufferBindingSize', size, device.limits.maxStorageBufferBindingSize);
  }
  return track(device, device.createBuffer({ label, size, usage }));
}

/** Buffers (and their bytes) made by createBuffer or uploadBuffer and not yet destroyed. */
export interface BufferLedger {
  buffers: number;
  bytes: number;
}

// Weak, so a lost or dropped device takes its ledger with it.
const ledgers = new WeakMap<GPUDevice, BufferLedger>();

/**
 * Counts `buffer` until its first destroy(). destroy() is wrapped rather than counted at
 * the call sites, so every path that frees a buffer (a component's destroy, a test
 * harness's sweep) keeps the ledger right, and destroying twice uncounts once.
 */
function track(device: GPUDevice, buffer: GPUBuffer): GPUBuffer {
  let ledger = ledgers.get(device);
  if (!ledger) ledgers.set(device, (ledger = { buffers: 0, bytes: 0 }));
  const entry = ledger, bytes = buffer.size, destroy = buffer.destroy;
  entry.buffers++;
  entry.bytes += bytes;
  let live = true;
  buffer.destroy = function (this: GPUBuffer) {
    if (live) {
      live = false;
      entry.buffers--;
      entry.bytes -= bytes;
    }
    destroy.call(this);
  };
  return buffer;
}

/** A snapshot of what `device` holds in buffers made here (readback staging is not counted: it lives for one read). */
export function bufferLedger(device: GPUDevice): BufferLedger {
  const ledger = ledgers.get(device);
  return { buffers: ledger?.buffers ?? 0, bytes: ledger?.bytes ?? 0 };
}

/** Creates a storage buffer holding `data`. */
export function uploadBuffer(device: GPUDevice, label: string, data: ArrayBufferView, usage = STORAGE): GPUBuffer {
  const buffer = createBuffer(device, label, data.byteLength, usage);
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** Copies `bytes` of `buffer` back to the CPU. Never call this once per training step. */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, bytes = buffer.size, offset = 0): Promise<ArrayBuffer> {
  const staging = device.createBuffer({ label: `${buffer.label}.readback`, size: Math.ceil(bytes / 4) * 4, usage: 0x01 | 0x08 /* MAP_READ | COPY_DST */ });
  const encoder = device.createCommandEncoder({ label: `${buffer.label}.readbackEncoder` });
  encoder.copyBufferToBuffer(buffer, offset, staging, 0, staging.size);
  device.queue.submit([encoder.finish()]);
  try {
    await staging.mapAsync(GPUMapMode.READ);
    const copy = staging.getMappedRange().slice(0, bytes);
    staging.unmap();
    return copy;
  } finally {
    staging.destroy();
  }
}

export const readF32 = async (device: GPUDevice, buffer: GPUBuffer, count: number) =>
  new Float32Array(await readBuffer(device, buffer, count * 4));
export const readU32 = async (device: GPUDevice, buffer: GPUBuffer, count: number) =>
  new Uint32Array(await readBuffer(device, buffer, count * 4));
