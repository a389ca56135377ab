/**
 * The presets gallery: each preset is one or more full, validated configs that start
 * together and overlay on the charts. A preset that makes a claim says what it shows
 * and the figures measured, and e2e/presets.spec.ts checks the claim in Chromium on
 * SwiftShader at the claim's step count (never against the clock). The figures quoted
 * are those of `measured`, so the text cannot drift from what was measured.
 */
import { checkConfig } from '../experiment/config';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { paperLearningRate } from '../experiment/paper';

/** What must hold of the runs' test accuracies (fractions) at the claim's step. */
export type Check =
  /** Run `better` leads run `worse` by at least `points` percentage points. */
  | { leads: number; over: number; points: number }
  /** The runs' accuracies fall in this order, best first (ties allowed). */
  | { order: number[] }
  /** Run `run` reaches at least `accuracy`. */
  | { run: number; atLeast: number };

export interface Claim {
  /** Every run of the preset stops at this step (its `steps`), where the claim is checked. */
  step: number;
  checks: Check[];
  /** Test accuracy of each run at `step`, in run order, as measured (README "What you can see here"). */
  measured: number[];
  /** Seconds from Run to the claim's step, measured in Chromium on SwiftShader (2 cores), for the description. */
  seconds: number;
}

export interface Preset {
  id: string;
  title: string;
  description: string;
  /** The runs it starts; the controls are set to the last one. */
  runs: ExperimentConfig[];
  /** What it shows, checked end to end; none for the long paper run. */
  claim?: Claim;
}

const make = (patch: Partial<ExperimentConfig>) => checkConfig({ ...DEFAULT_CONFIG, ...patch }).config;
const paperLr = (method: ExperimentConfig['method']) => paperLearningRate('fc', 'mnist', method)!;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** MNIST through a 784-16-10 ReLU network (D = 12,730) at d = 64: quick on a software adapter, and the gap is plain. */
const SMALL_MNIST: Partial<ExperimentConfig> = { dataset: 'mnist', arch: 'mlp:16:relu', d: 64, lr: 4, batch: 32, seed: 1, steps: 500, spf: 10 };

const MINUTE: Claim = { step: 500, checks: [{ leads: 2, over: 1, points: 20 }, { order: [0, 2, 1] }], measured: [0.8705, 0.45, 0.8305], seconds: 55 };
const REDRAW: Claim = { step: 500, checks: [{ order: [0, 1, 2, 3] }], measured: [0.8305, 0.8005, 0.625, 0.45], seconds: 125 };
const COMPARTMENTS: Claim = { step: 500, checks: [{ order: [0, 1] }], measured: [0.8305, 0.774], seconds: 60 };
const CIRCLES: Claim = { step: 500, checks: [{ run: 0, atLeast: 0.9 }, { order: [0, 1] }], measured: [1, 0.902], seconds: 10 };

export const PRESETS: Preset[] = [
  {
    id: 'minute',
    title: 'RBD vs FPD vs SGD in a minute',
    description: `MNIST, a 784-16-10 network (D = 12,730), 64 directions a step. After ${MINUTE.step} steps RBD, with a fresh random subspace every step, `
      + `reaches ${pct(MINUTE.measured[2])}; FPD, one fixed subspace, stalls at ${pct(MINUTE.measured[1])}. SGD on all D parameters is the ceiling: `
      + `${pct(MINUTE.measured[0])}. About ${MINUTE.seconds} s on a software adapter.`,
    runs: [make({ ...SMALL_MNIST, method: 'sgd', lr: 0.5 }), make({ ...SMALL_MNIST, method: 'fpd' }), make({ ...SMALL_MNIST, method: 'rbd' })],
    claim: MINUTE,
  },
  {
    id: 'redraw-k',
    title: 'Redraw every k steps',
    description: `The same network and 64 directions, redrawn every step, every 10, every 100, or never: after ${REDRAW.step} steps `
      + `${[1, 10, 100].map((k, i) => `${pct(REDRAW.measured[i])} (k = ${k})`).join(', ')} and ${pct(REDRAW.measured[3])} (never). `
      + `The fresher the directions, the better. About ${REDRAW.seconds} s on a software adapter.`,
    runs: [1, 10, 100, 'never' as const].map((redraw) => make({ ...SMALL_MNIST, method: 'rbd', redraw })),
    claim: REDRAW,
  },
  {
    id: 'compartments',
    title: 'Compartments: one per layer, or one for the network',
    description: `The same 64 directions, drawn over the whole network or split between its two layers in proportion to their size. `
      + `At this quick size the split does not help: after ${COMPARTMENTS.step} steps one compartment reaches ${pct(COMPARTMENTS.measured[0])}, `
      + `one per layer ${pct(COMPARTMENTS.measured[1])} (the small output layer gets a single direction). Every quick size tried gave the same `
      + `order (README, "What you can see here"); the paper reports its gain for its full-size networks over 100 epochs. About ${COMPARTMENTS.seconds} s on a software adapter.`,
    runs: (['network', 'layer'] as const).map((compartments) => make({ ...SMALL_MNIST, method: 'rbd', compartments })),
    claim: COMPARTMENTS,
  },
  {
    id: 'circles',
    title: 'Two circles in 16 directions',
    description: `A boundary no straight line can draw: a 2-32-2 tanh network (D = 162) trained in 16 random directions a step reaches `
      + `${pct(CIRCLES.measured[0])} test accuracy after ${CIRCLES.step} steps (one fixed 16-d subspace: ${pct(CIRCLES.measured[1])}). Watch the boundary close around the inner circle. `
      + `About ${CIRCLES.seconds} s on a software adapter.`,
    runs: (['rbd', 'fpd'] as const).map((method) => make({ dataset: 'circles', arch: 'mlp:32:tanh', method, d: 16, lr: 3, batch: 16, steps: 500, spf: 10 })),
    claim: CIRCLES,
  },
  {
    id: 'paper-fc-mnist',
    title: 'Paper FC-MNIST: SGD vs FPD vs RBD at d = 250 (long)',
    description: 'The paper’s headline comparison, as the paper ran it: all D = 101,770 parameters, one fixed 250-d subspace, and a fresh 250-d '
      + 'subspace every step, for 100 epochs (25,000 steps). A long run: on a software adapter an RBD step takes about 0.7 s in Chromium (npm run bench -- --browser: 25,000 steps would take some 5 hours); on a GPU, milliseconds.',
    runs: (['sgd', 'fpd', 'rbd'] as const).map((method) => make({ method, lr: paperLr(method), d: 250, epochs: 100 })),
  },
];

export const presetById = (id: string) => PRESETS.find((p) => p.id === id);

/** The page's first experiment when a link gives none: the minute preset's RBD run (a preset, not a default). */
export const OPENING = PRESETS[0].runs[PRESETS[0].runs.length - 1];

/** What fails in a claim for these accuracies (one per run, in run order), as sentences; empty when it holds. */
export function claimProblems(claim: Claim, accuracy: readonly number[]): string[] {
  const at = (i: number) => `run ${i} (${pct(accuracy[i])})`;
  return claim.checks.flatMap((c): string[] => {
    if ('leads' in c) return accuracy[c.leads] - accuracy[c.over] >= c.points / 100 ? [] : [`${at(c.leads)} leads ${at(c.over)} by less than ${c.points} points`];
    if ('order' in c) return c.order.slice(1).flatMap((r, i) => (accuracy[c.order[i]] >= accuracy[r] ? [] : [`${at(c.order[i])} is below ${at(r)}`]));
    return accuracy[c.run] >= c.atLeast ? [] : [`${at(c.run)} is below ${pct(c.atLeast)}`];
  });
}
