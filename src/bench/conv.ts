/**
 * The conv2d kernels of the paper's CNN-MNIST (batch 32), each timed alone to GPU
 * completion in interleaved rounds: forward, backward to the parameters and backward to
 * the input, per conv layer. Says which kernel a CNN step spends its time in. Inputs are
 * sin-filled (timings do not depend on values). Nothing here is asserted by a test.
 */
import { createBuffer, UNIFORM, uploadBuffer } from '../engine/buffers';
import { paperCNN, planModel } from '../nn/model';
import { LAYER_DIMS, type ConvDims } from '../nn/dims';
import { scheduleLayer, type KernelSchedule } from '../nn/layers';
import type { CnnPeer } from './cnn-peer';
import { timeInterleaved } from './timing';

export interface ConvKernelTime {
  layer: string;
  /** Multiply-adds of one pass (each of the three kernels does the same number). */
  macs: number;
  forwardMs: number;
  backwardParamsMs: number;
  backwardInputMs: number;
}

/** The conv layers of the paper's CNN on 28×28×1 inputs at `batch`. */
export function paperConvDims(batch = 32): ConvDims[] {
  const plan = planModel(paperCNN(), [28, 28, 1], 10);
  return plan.layers.filter((l) => l.spec.kind === 'conv2d').map((l) => LAYER_DIMS.conv2d(l, batch));
}

const filled = (device: GPUDevice, n: number, label: string) =>
  uploadBuffer(device, label, Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 0.5));

export async function measureConv(device: GPUDevice, rounds: number, batch = 32): Promise<ConvKernelTime[]> {
  const out: ConvKernelTime[] = [];
  for (const [index, d] of paperConvDims(batch).entries()) {
    const s = (await scheduleLayer(device, 'conv2d', d, `bench.conv${index + 1}`)) as KernelSchedule;
    const inWords = d.batch * d.height * d.width * d.inChannels;
    const outWords = d.batch * d.outHeight * d.outWidth * d.outChannels;
    const D = d.offset + d.kernel * d.kernel * d.inChannels * d.outChannels + d.outChannels;
    const buffers = {
      params: uploadBuffer(device, 'bench.conv.params', s.params, UNIFORM), theta: filled(device, D, 'bench.conv.theta'),
      grad: createBuffer(device, 'bench.conv.grad', 4 * D), input: filled(device, inWords, 'bench.conv.x'),
      output: createBuffer(device, 'bench.conv.y', 4 * outWords), records: {},
    };
    const outputGrad = filled(device, outWords, 'bench.conv.dy'), inputGrad = createBuffer(device, 'bench.conv.dx', 4 * inWords);
    const [forward] = s.forward(buffers);
    const [params, input] = s.backward(buffers, outputGrad, inputGrad);
    const [f, p, i] = await timeInterleaved(device, [forward, params, input], rounds);
    out.push({
      layer: `conv${index + 1} ${d.height}×${d.width}×${d.inChannels} → ${d.outHeight}×${d.outWidth}×${d.outChannels}`,
      macs: outWords * d.kernel * d.kernel * d.inChannels, forwardMs: 1000 * f, backwardParamsMs: 1000 * p, backwardInputMs: 1000 * i,
    });
    for (const b of [buffers.params, buffers.theta, buffers.grad, buffers.input, buffers.output, outputGrad, inputGrad]) b.destroy();
  }
  return out;
}

const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

/** The --cnn lines of the bench's table (report.ts): each conv2d kernel of CNN-MNIST, and the CNN peer. */
export function convTable({ convKernels: c, cnnPeer: p }: { convKernels?: ConvKernelTime[]; cnnPeer?: CnnPeer }): string[] {
  const cell = (macs: number, t: number) => `${ms(t)} (${(macs / t / 1e6).toFixed(2)})`;
  return [
    ...(c ? ['', '| CNN-MNIST conv2d kernels, batch 32: ms (GMAC/s) | MMAC | forward | backward to θ | backward to x |', '|---|---|---|---|---|',
      ...c.map((k) => `| ${k.layer} | ${(k.macs / 1e6).toFixed(1)} | ${cell(k.macs, k.forwardMs)} | ${cell(k.macs, k.backwardParamsMs)} | ${cell(k.macs, k.backwardInputMs)} |`)] : []),
    ...(p ? ['', `| ${p.arch.toUpperCase()}-MNIST SGD in this page, ours / ${p.library} (${p.rounds} interleaved rounds of ${p.steps}) | ${p.oursStepsPerSec.toFixed(2)} / ${p.tfjsStepsPerSec.toFixed(2)} steps/s: ours ${p.speedup.toFixed(2)}× (target ≥ 2) |`, '|---|---|',
      `| same computation: mean loss of ${p.agreement.steps} steps from the same θ, ours / TF.js; largest θ difference | ${p.agreement.oursLoss.toFixed(5)} / ${p.agreement.tfjsLoss.toFixed(5)}; ${p.agreement.maxThetaDiff.toExponential(1)} |`] : []),
  ];
}
