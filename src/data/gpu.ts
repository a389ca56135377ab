/**
 * The dataset on the GPU. A split's images and labels are uploaded ONCE (u8 packed 4 per
 * u32, or f32 for synthetic sets); its epoch order is written once per epoch; the gather
 * kernel (shaders/data/gather.wgsl) then copies each step's batch inside the step's own
 * compute pass, so no per-step upload of data happens.
 *
 * Per-step offsets: each GatherState owns a 16-byte uniform [offset, B, F, 0].
 * recordGather writes the offset with queue.writeBuffer, which takes effect before the NEXT
 * queue.submit. So:
 * - record the gather for step t after submitting step t − 1, as one step = one submit does;
 * - one state serves one gather per submit. W in-process workers in one submit need W states
 *   (createGather once per worker: the kernel is cached and the uploaded split is shared).
 */
import gatherWgsl from '../../shaders/data/gather.wgsl?raw';
import { createBuffer, uploadBuffer, UNIFORM } from '../engine/buffers';
import { DeviceLimitError } from '../engine/errors';
import { createKernel, grid2d, type Kernel } from '../engine/kernel';
import type { Split } from './dataset';

const WORKGROUP = 64;

/** A split resident on the GPU. */
export interface GpuSplit {
  label: string;
  count: number;
  /** F, values per sample. */
  features: number;
  /** True when `images` holds u8 packed 4 per word, false for f32. */
  imagesU8: boolean;
  images: GPUBuffer;
  /** u8 labels packed 4 per word. */
  labels: GPUBuffer;
  /** count u32: the current epoch order, written by writeEpochOrder. */
  order: GPUBuffer;
  /** Bytes of its buffers (images, labels, order). */
  readonly bytes: number;
  destroy(): void;
}

/** Pads a byte array to a whole number of u32 words (writeBuffer needs a size multiple of 4). */
function words(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 4 === 0) return bytes;
  const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
  padded.set(bytes);
  return padded;
}

/**
 * Uploads `split` once. Throws DeviceLimitError naming maxStorageBufferBindingSize when the
 * images do not fit one binding (CIFAR-10's 154 MB train set exceeds WebGPU's default 128 MiB;
 * src/engine/device.ts asks for the adapter's full limits, which are larger on most GPUs).
 */
export function uploadDataset(device: GPUDevice, split: Split, label = 'dataset'): GpuSplit {
  const imagesU8 = split.images instanceof Uint8Array;
  const features = split.count ? split.images.length / split.count : 0;
  const bytes = Math.ceil(split.images.byteLength / 4) * 4;
  const allowed = device.limits.maxStorageBufferBindingSize;
  if (bytes > allowed) {
    throw new DeviceLimitError(`${label} images (${split.count} × ${features} ${imagesU8 ? 'u8' : 'f32'})`, 'maxStorageBufferBindingSize', bytes, allowed);
  }
  const images = imagesU8 ? uploadBuffer(device, `${label}.images`, words(split.images as Uint8Array)) : uploadBuffer(device, `${label}.images`, split.images);
  const labels = uploadBuffer(device, `${label}.labels`, words(split.labels));
  const order = createBuffer(device, `${label}.order`, 4 * split.count);
  const buffers = [images, labels, order];
  return {
    label, count: split.count, features, imagesU8, images, labels, order,
    bytes: buffers.reduce((s, b) => s + b.size, 0),
    destroy: () => buffers.forEach((b) => b.destroy()),
  };
}

/** Writes the epoch order (epochOrder(count, seed, epoch)) once per epoch, before that epoch's first submit. */
export function writeEpochOrder(device: GPUDevice, data: GpuSplit, order: Uint32Array): void {
  if (order.length !== data.count) throw new RangeError(`order has ${order.length} entries, ${data.label} has ${data.count} samples`);
  device.queue.writeBuffer(data.order, 0, order.buffer, order.byteOffset, order.byteLength);
}

export interface GatherState {
  readonly device: GPUDevice;
  readonly data: GpuSplit;
  /** B, samples per gather. */
  readonly batch: number;
  readonly kernel: Kernel;
  /** Uniform [offset, B, F, 0]; recordGather writes the offset. */
  readonly params: GPUBuffer;
  /** Bind groups by (inputs, labels) buffer, made once. */
  readonly bindGroups: Map<GPUBuffer, Map<GPUBuffer, GPUBindGroup>>;
  /** Bytes of the buffers it owns: the uniform only, since the split is shared and has its own. */
  readonly bytes: number;
  /** Destroys its uniform; the split stays. */
  destroy(): void;
}

/** A gather of `batch` samples from `data`; one per gather in a submit (see the top of this file). */
export async function createGather(device: GPUDevice, data: GpuSplit, batch: number, label = `${data.label}.gather`): Promise<GatherState> {
  const kernel = await createKernel(device, {
    label: 'data.gather',
    code: gatherWgsl,
    bindings: ['uniform', 'read-only-storage', 'read-only-storage', 'read-only-storage', 'storage', 'storage'],
    constants: { imagesU8: data.imagesU8 ? 1 : 0, workgroupSize: WORKGROUP },
  });
  const params = uploadBuffer(device, `${label}.params`, Uint32Array.of(0, batch, data.features, 0), UNIFORM);
  return { device, data, batch, kernel, params, bindGroups: new Map(), bytes: params.size, destroy: () => params.destroy() };
}

/**
 * Records the gather of the batch at positions [batchOffset, batchOffset + B) of the epoch
 * order into `pass`: `inputs` receives [B × F] f32, `labels` [B] u32. batchOffset is
 * batchOffset(B, b, w, W) from order.ts; it reaches the GPU at the next queue.submit.
 */
export function recordGather(pass: GPUComputePassEncoder, state: GatherState, inputs: GPUBuffer, labels: GPUBuffer, batchOffset: number): void {
  const { device, data, batch, kernel, params, bindGroups } = state;
  if (!(Number.isInteger(batchOffset) && batchOffset >= 0 && batchOffset + batch <= data.count)) {
    throw new RangeError(`batch [${batchOffset}, ${batchOffset + batch}) is outside ${data.label}'s ${data.count} samples`);
  }
  if (inputs.size < 4 * batch * data.features || labels.size < 4 * batch) {
    throw new RangeError(`gather of ${batch} × ${data.features} needs inputs of ${4 * batch * data.features} and labels of ${4 * batch} bytes, got ${inputs.size} and ${labels.size}`);
  }
  let byLabels = bindGroups.get(inputs);
  if (!byLabels) bindGroups.set(inputs, (byLabels = new Map()));
  let group = byLabels.get(labels);
  if (!group) byLabels.set(labels, (group = kernel.bind([params, data.order, data.images, data.labels, inputs, labels], `${params.label}.bindGroup`)));
  device.queue.writeBuffer(params, 0, Uint32Array.of(batchOffset));
  kernel.dispatch(pass, group, ...grid2d(device, Math.ceil((batch * data.features) / WORKGROUP)));
}
