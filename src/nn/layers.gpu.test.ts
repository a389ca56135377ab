/**
 * Every layer kind's GPU descriptor (src/nn/layers/) against the float64 CPU twin of the
 * same kind (LAYER_TWINS in src/reference/layers.ts), on odd sizes. CASES is keyed by kind
 * like both tables, so a kind without cases does not compile. Inputs are exact in f32
 * (randomValues), so differences come only from f32 arithmetic on the GPU; each tolerance
 * below says what bounds it. The step kernels that are not layers: step.gpu.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createBuffer, readF32, readU32, uploadBuffer, UNIFORM } from '../engine/buffers';
import { withDevice } from '../test/gpu';
import { expectAllClose } from '../test/stats';
import type { LayerKind } from './model';
import type { ConvDims, DenseDims, LayerDims } from './dims';
import type { Dispatch, LayerBuffers } from './layers/descriptor';
import { LAYER_KINDS, scheduleLayer } from './layers';
import { LAYER_TWINS } from '../reference/layers';
import { awayFromZero, randomValues } from '../reference/layers.testdata';

type Tol = { atol: number; rtol?: number };

/** One case of a kind: its geometry, its data, and how close each GPU output must be. */
interface Case<K extends LayerKind> {
  title: string;
  dims: LayerDims[K];
  /** θ, of which the layer uses a slice; empty for kinds without parameters. */
  theta: Float64Array;
  x: Float64Array;
  outputGrad: Float64Array;
  /** 'exact': equal as by toEqual (comparisons and copies only: no rounding anywhere). g: kinds with parameters. */
  tol: { y: Tol | 'exact'; inputGrad: Tol | 'exact'; g?: Tol };
  /** Further assertions of this case alone, on the GPU's results. */
  also?: (gpu: GpuResult) => void;
}

interface GpuResult {
  y: Float32Array;
  argmax: Uint32Array | null;
  inputGrad: Float32Array;
  /** g after backward; it starts as 7 everywhere, so entries outside the layer must stay 7. */
  g: Float32Array;
}

// Dense and conv outputs are sums of n ≤ 28 products with |x·w| < 1: f32 accumulation
// errs by at most n·2^-24·Σ|terms| ≈ 28·6e-8·28 ≈ 5e-5 (typically √n times less), while
// a wrong index changes results by ~0.1.
const SUM = { atol: 5e-5, rtol: 1e-5 };

// Ragged blocks (batch 5, 17 features: the kernels take 4 rows or 4 features a thread),
// exact blocks (batch 8, 12 features) and a batch smaller than one block.
const denseCase = (d: DenseDims): Case<'dense'> => ({
  title: `batch ${d.batch}, ${d.inSize} → ${d.outSize}, at offset ${d.offset}`,
  dims: d,
  theta: randomValues(d.offset + d.inSize * d.outSize + d.outSize + 2, 1),
  x: randomValues(d.batch * d.inSize, 2),
  outputGrad: randomValues(d.batch * d.outSize, 3),
  tol: { y: SUM, inputGrad: SUM, g: SUM },
});

// conv: each thread takes 4 pixels × 4 channels, so the cases have ragged blocks of both
// (45 or 105 pixels, 3, 5 or 7 channels), and both paddings.
const convCase = (padding: 'valid' | 'same', inChannels = 3, outChannels = 4): Case<'conv2d'> => {
  const pad = padding === 'same' ? 1 : 0;
  const d: ConvDims = { batch: 3, height: 7, width: 5, inChannels, outHeight: 5 + 2 * pad, outWidth: 3 + 2 * pad, outChannels, kernel: 3, pad, offset: 5 };
  // A sum of n terms |t| < 1 in f32 errs by at most n·2^-24·n (typically √n times less):
  // y sums 9·Cin terms, inputGrad 9·Cout (≤ 63 here: 2.4e-4), never below SUM's atol. g
  // sums B·OH·OW ≤ 105 terms an image (≤ 35 terms) at a time, then adds the 3 partials:
  // ≤ (35 + 3)·2^-24·105 ≈ 2.4e-4. A wrong index changes results by ~0.1.
  const sum = (n: number): Tol => ({ atol: Math.max(SUM.atol, n * n * 2 ** -24), rtol: 1e-5 });
  return {
    title: `7×5×${inChannels} → ${outChannels} filters, k = 3, ${padding}, batch 3`,
    dims: d,
    theta: randomValues(5 + 9 * inChannels * outChannels + outChannels + 1, 4),
    x: randomValues(3 * 35 * inChannels, 5),
    outputGrad: randomValues(3 * d.outHeight * d.outWidth * outChannels, 6),
    tol: { y: sum(9 * inChannels), inputGrad: sum(9 * outChannels), g: { atol: 2.5e-4, rtol: 1e-5 } },
  };
};

const poolInput = randomValues(210, 7);
poolInput[0] = poolInput[3]; // a tie inside the first window (pixels (0,0) and (0,1), channel 0)

const activationCase = <K extends 'relu' | 'tanh'>(op: K): Case<K> => {
  // Values up to ±8, plus ±60 to hit tanh's clamp, plus exact zeros for ReLU's kink.
  const x = Float64Array.of(...awayFromZero(randomValues(997, 9, 8), 0), 60, -60, 0, -0);
  return {
    title: `${x.length} values`,
    dims: { count: x.length, op },
    theta: new Float64Array(0),
    x,
    outputGrad: randomValues(x.length, 10),
    // ReLU is exact. WGSL's tanh inherits sinh/cosh's error, built from exp (3 + 2|x| ulp):
    // a few 1e-7 absolute near 0 and ≤ ~50 ulp relative at |x| = 10; atol 1e-5 covers both.
    // The backward twin reads the GPU's own y, so only one f32 rounding remains.
    tol: { y: op === 'relu' ? { atol: 0 } : { atol: 1e-5 }, inputGrad: { atol: 1e-7 } },
    also: ({ y }) => expect(Number.isFinite(y[x.length - 4]) && y[x.length - 4] === (op === 'relu' ? 60 : 1)).toBe(true),
  };
};

const CASES: { [K in LayerKind]: Case<K>[] } = {
  dense: [
    denseCase({ batch: 5, inSize: 17, outSize: 31, offset: 3 }),
    denseCase({ batch: 8, inSize: 12, outSize: 4, offset: 0 }),
    denseCase({ batch: 2, inSize: 3, outSize: 5, offset: 1 }),
  ],
  conv2d: [convCase('valid'), convCase('same'), convCase('valid', 5, 7), convCase('same', 1, 6)],
  maxpool2: [{
    title: 'odd 7×5×3, batch 2',
    dims: { batch: 2, height: 7, width: 5, channels: 3, outHeight: 3, outWidth: 2 },
    theta: new Float64Array(0),
    x: poolInput,
    outputGrad: randomValues(36, 8),
    tol: { y: 'exact', inputGrad: 'exact' },
  }],
  relu: [activationCase('relu')],
  tanh: [activationCase('tanh')],
  flatten: [{
    title: '7×5×3, batch 3',
    dims: { count: 315 },
    theta: new Float64Array(0),
    x: randomValues(315, 11),
    outputGrad: randomValues(315, 12),
    tol: { y: 'exact', inputGrad: 'exact' },
  }],
};

const f32 = (device: GPUDevice, data: ArrayLike<number>) => uploadBuffer(device, 'test.f32', Float32Array.from(data));
const out = (device: GPUDevice, n: number) => createBuffer(device, 'test.out', 4 * n);

/** Records `dispatches` into one pass and submits it. */
function submit(device: GPUDevice, dispatches: Dispatch[]) {
  const encoder = device.createCommandEncoder({ label: 'test.layer' });
  const pass = encoder.beginComputePass();
  for (const dispatch of dispatches) dispatch(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
}

/** Forward, then backward to inputGrad and g, through the descriptor of `kind`. */
async function runOnGpu<K extends LayerKind>(device: GPUDevice, kind: K, c: Case<K>): Promise<GpuResult> {
  const s = await scheduleLayer(device, kind, c.dims, `test.${kind}`);
  const input = f32(device, c.x), outputGrad = f32(device, c.outputGrad);
  const grad = f32(device, new Float64Array(c.theta.length).fill(7));
  const readG = () => (c.theta.length ? readF32(device, grad, c.theta.length) : new Float32Array(0));
  if (s.view) {
    // A view's output is its input buffer and its inputGrad its outputGrad buffer.
    return { y: await readF32(device, input, c.x.length), argmax: null, inputGrad: await readF32(device, outputGrad, c.x.length), g: await readG() };
  }
  const records = Object.fromEntries(Object.entries(s.records).map(([name, words]) => [name, out(device, words)]));
  const b: LayerBuffers = {
    params: uploadBuffer(device, 'test.params', s.params, UNIFORM), theta: f32(device, c.theta), grad, input,
    output: out(device, c.outputGrad.length), records,
  };
  const inputGrad = out(device, c.x.length);
  submit(device, s.forward(b));
  submit(device, s.backward(b, outputGrad, inputGrad));
  return {
    y: await readF32(device, b.output, c.outputGrad.length),
    argmax: records.argmax ? await readU32(device, records.argmax, c.outputGrad.length) : null,
    inputGrad: await readF32(device, inputGrad, c.x.length),
    g: await readG(),
  };
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tol | 'exact', what: string) {
  if (tol === 'exact') expect(Array.from(actual), what).toEqual(Array.from(expected));
  else expectAllClose(actual, expected, tol, what);
}

function describeKind<K extends LayerKind>(kind: K) {
  it.each(CASES[kind])('$title', (c) =>
    withDevice(async ({ device }) => {
      const gpu = await runOnGpu(device, kind, c);
      const twin = LAYER_TWINS[kind];
      const want = twin.forward(c.x, c.theta, c.dims);
      // The backward twin reads the GPU's forward results (y, argmax; argmax is asserted
      // equal first), so each backward comparison measures the backward kernels alone.
      const g = new Float64Array(c.theta.length).fill(7);
      const inputGrad = twin.backward({ x: c.x, y: gpu.y, argmax: gpu.argmax, theta: c.theta, outputGrad: c.outputGrad }, c.dims, g);
      expectClose(gpu.y, want.y, c.tol.y, 'y');
      if (want.argmax) expect([...gpu.argmax!], 'argmax').toEqual([...want.argmax]);
      expectClose(gpu.inputGrad, inputGrad, c.tol.inputGrad, 'inputGrad');
      if (c.tol.g) expectAllClose(gpu.g, g, c.tol.g, 'g');
      c.also?.(gpu);
    }));
}

describe.each(LAYER_KINDS)('%s: the GPU descriptor against its CPU twin', (kind) => describeKind(kind));
