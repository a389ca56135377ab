/**
 * The generate-only kernel (shaders/bench/generate_normals.wgsl): basis normals drawn
 * exactly as the fused project and update kernels draw them, and only summed. Its rate
 * is the RNG roofline of those kernels (docs/design.md §5, §9); it is a benchmark, never
 * part of training. CPU twin: src/reference/generate.ts, which also defines the shape
 * (the reference may not import from the benchmarks).
 */
import generateNormals from '../../shaders/bench/generate_normals.wgsl?raw';
import { createBuffer, UNIFORM } from '../engine/buffers';
import { InputError } from '../engine/errors';
import { createKernel, grid2d } from '../engine/kernel';
import type { GenerateShape } from '../reference/generate';
import { RNG_WGSL } from '../rng/wgsl';
import { MAX_U32 } from '../subspace/checks';

export interface NormalsGenerator {
  readonly shape: GenerateShape;
  /** dirs × threadsPerDir: one sum each. */
  readonly threads: number;
  /** threads × perThread normals per dispatch. */
  readonly normals: number;
  /** [threads] f32: thread t's sum of its normals, written by record. */
  readonly sums: GPUBuffer;
  /** Records one dispatch that draws every normal (no submit, no readback). */
  record(pass: GPUComputePassEncoder): void;
  destroy(): void;
}

const WORKGROUP_SIZE = 64;

function checkShape(s: GenerateShape): void {
  const whole = (name: string, x: number, min: number) => {
    if (!(Number.isInteger(x) && x >= min && x <= MAX_U32)) throw new InputError(`generate ${name}`, `must be a whole number in [${min}, 2^32), got ${x}`);
  };
  whole('dirs', s.dirs, 1);
  whole('threadsPerDir', s.threadsPerDir, 1);
  whole('perThread', s.perThread, 4);
  whole('seed', s.seed, 0);
  whole('epoch', s.epoch, 0);
  whole('worker', s.worker, 0);
  if (s.perThread % 4 !== 0) throw new InputError('generate perThread', `must be a multiple of 4 (one Philox call gives 4 normals), got ${s.perThread}`);
  // The counter words the kernel forms must stay 32-bit: t < threads and q < threadsPerDir·quadsPerThread.
  if (s.dirs * s.threadsPerDir > MAX_U32) throw new InputError('generate dirs', `dirs × threadsPerDir = ${s.dirs * s.threadsPerDir} threads do not fit 32-bit indices`);
  if (s.threadsPerDir * (s.perThread / 4) > MAX_U32) throw new InputError('generate perThread', `threadsPerDir × perThread / 4 = ${s.threadsPerDir * (s.perThread / 4)} quads do not fit the 32-bit counter word`);
}

/** The smallest shape that draws at least `entries` normals for each of `dirs` directions. */
export function shapeFor(dirs: number, entries: number, perThread: number, seed = 1, epoch = 0, worker = 0): GenerateShape {
  return { dirs, threadsPerDir: Math.max(1, Math.ceil(entries / perThread)), perThread, seed, epoch, worker };
}

export async function createGenerator(device: GPUDevice, shape: GenerateShape): Promise<NormalsGenerator> {
  checkShape(shape);
  const kernel = await createKernel(device, {
    label: 'bench.generateNormals', code: `${RNG_WGSL}\n${generateNormals}`,
    bindings: ['uniform', 'storage'], constants: { workgroupSize: WORKGROUP_SIZE },
  });
  const threads = shape.dirs * shape.threadsPerDir;
  const sums = createBuffer(device, 'bench.generateNormals.sums', threads * 4); // refuses sizes over the device's limits
  const params = createBuffer(device, 'bench.generateNormals.params', 32, UNIFORM);
  device.queue.writeBuffer(params, 0, Uint32Array.of(shape.seed, shape.epoch, shape.worker, threads, shape.threadsPerDir, shape.perThread / 4, 0, 0));
  const group = kernel.bind([params, sums], 'bench.generateNormals.bindGroup');
  const grid = grid2d(device, Math.ceil(threads / WORKGROUP_SIZE));
  return {
    shape: { ...shape },
    threads,
    normals: threads * shape.perThread,
    sums,
    record(pass) {
      kernel.dispatch(pass, group, ...grid);
    },
    destroy() {
      sums.destroy();
      params.destroy();
    },
  };
}
