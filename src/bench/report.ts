/**
 * The benchmark's result: one JSON object and one markdown table (written to
 * bench/results/ by src/cli/bench.ts).
 */
import type { BenchOptions } from './args';
import type { CnnPeer } from './cnn-peer';
import { convTable, type ConvKernelTime } from './conv';
import type { Overhead } from './overhead';
import type { Peer } from './peer';
import type { RbdPeer } from './rbd-peer';
import type { Roofline } from './roofline';
import type { KPoint, ScalePoint } from './scaling';
import type { TilePoint } from './tiles';
import type { SubspaceTiles } from '../subspace/layout';

export interface BenchResult {
  device: string;
  date: string;
  /** 'node v20.20.2', or the browser's user agent. */
  runtime: string;
  options: BenchOptions;
  /** The subspace kernels' workgroup tiles on this device (src/subspace/layout.ts). */
  tiles: SubspaceTiles;
  /** The headline model (FC-MNIST; a tiny MLP under --quick) and its d. */
  model: { name: string; D: number; d: number };
  sgdFcMnist: { batch: number; stepsPerSec: number; msPerStep: number; shares: { stage: string; ms: number; share: number }[] };
  rbdFcMnist: { d: number; msPerStep: number; normalsPerStep: number; overSgd: number };
  fusedVsDense: { d: number; fusedMs: number; materialisedMs: number; fusedBytes: number; materialisedBytes: number; largestDMaterialised: number; largestDFused: number; limitBytes: number };
  roofline: Roofline;
  rbdOverhead: Overhead[];
  scaling: { againstD: ScalePoint[]; againstParams: { d: number; points: ScalePoint[] }; againstK: { d: number; points: KPoint[] } };
  /** project and update at each candidate workgroup size. */
  tileCandidates: TilePoint[];
  /** The TensorFlow.js comparison: only in a page. */
  peer?: Peer;
  /** RBD written in TensorFlow.js (P drawn by tf.randomNormal each step) against ours: only in a page. */
  rbdPeer?: RbdPeer;
  /** With --cnn: the CNN's conv2d kernels one by one, and (in a page) its TensorFlow.js peer. */
  convKernels?: ConvKernelTime[];
  cnnPeer?: CnnPeer;
}

const int = (x: number) => Math.round(x).toLocaleString('en');
const sci = (x: number) => x.toExponential(2);
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));
/** Nanoseconds per normal of a project + update pair (2·work normals). */
const nsPerNormal = (p: ScalePoint) => ((p.ms * 1e6) / (2 * p.work)).toFixed(2);

export function markdown(r: BenchResult): string {
  const { model: m, roofline: rf, fusedVsDense: fd } = r;
  const name = `${m.name.toUpperCase()}-MNIST`;
  return [
    `Device: ${r.device} (${r.date.slice(0, 10)}), ${r.runtime}${r.options.quick ? ' — --quick: tiny sizes, figures not meaningful' : ''}`,
    `Subspace tiles: ${Object.entries(r.tiles).map(([k, v]) => `${k} ${v}`).join(', ')}`, '',
    `| ${name}, batch 32 | value |`, '|---|---|',
    `| SGD steps/s | ${r.sgdFcMnist.stepsPerSec.toFixed(1)} |`,
    ...r.sgdFcMnist.shares.map((s) => `| SGD share: ${s.stage} | ${(100 * s.share).toFixed(1)}% (${s.ms.toFixed(2)} ms) |`),
    `| RBD d = ${m.d} step | ${ms(r.rbdFcMnist.msPerStep)} ms (${r.rbdFcMnist.overSgd.toFixed(1)}× SGD) |`,
    `| subspace part, fused / materialised P | ${ms(fd.fusedMs)} ms / ${ms(fd.materialisedMs)} ms (${(fd.materialisedMs / fd.fusedMs).toFixed(2)}× faster fused) |`,
    `| subspace memory, fused / materialised P | ${(fd.fusedBytes / 1024).toFixed(0)} KiB / ${(fd.materialisedBytes / 2 ** 20).toFixed(1)} MiB |`,
    `| largest d, fused / materialised (device limit ${(fd.limitBytes / 2 ** 20).toFixed(0)} MiB) | ${int(fd.largestDFused)} / ${int(fd.largestDMaterialised)} |`,
    ...(r.peer ? [
      `| SGD steps/s in this page, ours / ${r.peer.library} (${r.peer.rounds} interleaved rounds of ${r.peer.steps}) | ${r.peer.oursStepsPerSec.toFixed(1)} / ${r.peer.tfjsStepsPerSec.toFixed(1)}: ours ${r.peer.speedup.toFixed(2)}× (target ≥ 3) |`,
      `| same computation: mean loss of ${r.peer.agreement.steps} steps from the same θ, ours / TF.js; largest θ difference | ${r.peer.agreement.oursLoss.toFixed(5)} / ${r.peer.agreement.tfjsLoss.toFixed(5)}; ${r.peer.agreement.maxThetaDiff.toExponential(1)} |`,
    ] : [`| SGD against TensorFlow.js | only in a page: npm run bench -- --browser |`]),
    ...(r.rbdPeer ? rbdPeerRows(r.rbdPeer) : []),
    '',
    `| RNG roofline: ${name}, D = ${int(rf.D)}, d = ${rf.d} (d·D normals a pass) | normals/s | ms | / roofline |`, '|---|---|---|---|',
    ...rf.shapes.map((g) => `| generate-only kernel, ${g.perThread} normals a thread${g.perThread === rf.perThread ? ' (the roofline)' : ''} | ${sci(g.normalsPerSec)} | ${ms(g.ms)} | ${(g.normalsPerSec / rf.generate.normalsPerSec).toFixed(2)} |`),
    `| project (recordProject alone) | ${sci(rf.project.normalsPerSec)} | ${ms(rf.project.ms)} | ${rf.projectOverRoofline.toFixed(2)} |`,
    `| update (recordUpdate alone) | ${sci(rf.update.normalsPerSec)} | ${ms(rf.update.ms)} | ${rf.updateOverRoofline.toFixed(2)} |`,
    '',
    '| RBD overhead: t(RBD) / (t(SGD) + t(2·d·D normals at the roofline)) | D | d | RBD ms | SGD ms | normals ms | overhead |', '|---|---|---|---|---|---|---|',
    ...r.rbdOverhead.map((o) => `| ${o.model.toUpperCase()}-MNIST | ${int(o.D)} | ${o.d} | ${ms(o.rbdMs)} | ${ms(o.sgdMs)} | ${ms(o.generateMs)} | ${o.overhead.toFixed(2)} |`),
    '',
    `| subspace part (project + update) against d: ${name}, 'network' | ms | ns per normal |`, '|---|---|---|',
    ...r.scaling.againstD.map((p) => `| ${p.label} | ${ms(p.ms)} | ${nsPerNormal(p)} |`),
    '',
    `| against D: d = ${r.scaling.againstParams.d}, 'network' | D | ms | ns per normal |`, '|---|---|---|---|',
    ...r.scaling.againstParams.points.map((p) => `| ${p.label} | ${int(p.D)} | ${ms(p.ms)} | ${nsPerNormal(p)} |`),
    '',
    `| against K: ${name}, Σd_k = ${r.scaling.againstK.d}, proportional | K | Σ d_k·D_k | ms | t₁ / t_K (normals cut) | t_K·K / t₁ |`, '|---|---|---|---|---|---|',
    ...r.scaling.againstK.points.map((p) => `| ${p.label} | ${p.K} | ${sci(p.work)} | ${ms(p.ms)} | ${p.speedup.toFixed(2)} (${p.workCut.toFixed(2)}) | ${p.timeTimesKOverK1.toFixed(2)} |`),
    '',
    'With proportional allocation Σd_k = d is fixed, so the normals drawn fall to Σ_k d_k·D_k ≈ d·D/K for equal compartments',
    "(a smaller cut where they are unequal, as 'layer' on FC-MNIST, whose first layer holds 99% of D). With 'each' (the paper's",
    "default) Σd_k = K·d and the normals drawn stay d·D whatever K: the same K-fold cut per trained dimension (against 'network'",
    'at d = K·d), but no cut at a fixed d.',
    ...tileTable(r),
    ...convTable(r),
  ].join('\n');
}

function rbdPeerRows(p: RbdPeer): string[] {
  const a = p.agreement;
  return [
    `| RBD d = ${p.d} steps/s, ours / TF.js tf.randomNormal P (${p.rounds} interleaved rounds of ${p.steps}) | ${p.oursStepsPerSec.toFixed(2)} / ${p.tfjsStepsPerSec.toFixed(2)}: ours ${p.speedup.toFixed(2)}× |`,
    `| of a TF.js RBD step, drawing P in JavaScript (tf.randomNormal, on the CPU) | ${ms(p.tfjsDrawMs)} ms of ${ms(1000 / p.tfjsStepsPerSec)} ms |`,
    `| RBD memory, our subspace buffers / TF.js's P (its step's tensors) | ${(p.oursSubspaceBytes / 1024).toFixed(0)} KiB / ${(p.tfjsBasisBytes / 2 ** 20).toFixed(1)} MiB (${(p.tfjsStepBytes / 2 ** 20).toFixed(1)} MiB) |`,
    `| same RBD computation, TF.js given our P: mean loss of ${a.steps} steps, ours / TF.js; largest θ difference (θ moved ${a.maxThetaMove.toExponential(1)}) | ${a.oursLoss.toFixed(5)} / ${a.tfjsLoss.toFixed(5)}; ${a.maxThetaDiff.toExponential(1)} |`,
  ];
}

/** project and update per workgroup size; the fastest of each marked, the one in use named. */
function tileTable(r: BenchResult): string[] {
  const kernels = ['project', 'update'] as const;
  const sizes = [...new Set(r.tileCandidates.map((p) => p.threads))];
  const at = (kernel: string, threads: number) => r.tileCandidates.find((p) => p.kernel === kernel && p.threads === threads);
  const best = (kernel: string, key: 'oneMs' | 'eightMs') => Math.min(...r.tileCandidates.filter((p) => p.kernel === kernel).map((p) => p[key]));
  const cell = (p: TilePoint | undefined, key: 'oneMs' | 'eightMs') => (p ? `${ms(p[key])}${p[key] === best(p.kernel, key) ? ' (fastest)' : ''}` : '–');
  return [
    '',
    `| workgroup threads (in use: projectThreads ${r.tiles.projectThreads}, updateThreads ${r.tiles.updateThreads}) | project, 1 compartment | project, K = 8 | update, 1 compartment | update, K = 8 |`,
    '|---|---|---|---|---|',
    ...sizes.map((n) => `| ${n} | ${kernels.map((k) => `${cell(at(k, n), 'oneMs')} | ${cell(at(k, n), 'eightMs')}`).join(' | ')} |`),
  ];
}
