/**
 * The presets gallery: each preset is one or more full, validated configs that start
 * together and overlay on the charts. Learning rates come from the paper's table
 * (docs/design.md §6) wherever the paper has one.
 */
import { checkConfig } from '../experiment/config';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { paperLearningRate } from '../experiment/paper';

export interface Preset {
  id: string;
  title: string;
  description: string;
  /** The runs it starts; the controls are set to the last one. */
  runs: ExperimentConfig[];
}

const make = (patch: Partial<ExperimentConfig>) => checkConfig({ ...DEFAULT_CONFIG, ...patch }).config;
const paperLr = (method: ExperimentConfig['method']) => paperLearningRate('fc', 'mnist', method)!;

export const PRESETS: Preset[] = [
  {
    id: 'paper-fc-mnist',
    title: 'Paper FC-MNIST: SGD vs FPD vs RBD at d = 250',
    description: 'The paper’s headline comparison: all D = 101,770 parameters, one fixed 250-d subspace, and a fresh 250-d subspace every step.',
    runs: (['sgd', 'fpd', 'rbd'] as const).map((method) => make({ method, lr: paperLr(method), d: 250, epochs: 100 })),
  },
  {
    id: 'compartments-layer',
    title: 'Compartments: one per layer',
    description: 'The same 250 directions, drawn over the whole network or split between the layers in proportion to their size.',
    runs: (['network', 'layer'] as const).map((compartments) => make({ compartments, lr: paperLr('rbd'), epochs: 10 })),
  },
  {
    id: 'redraw-k',
    title: 'Redraw every k steps',
    description: 'RBD redrawing its directions every step, every 10 and every 100 steps: how much do fresh directions help?',
    runs: [1, 10, 100].map((redraw) => make({ redraw, lr: paperLr('rbd'), epochs: 10 })),
  },
  {
    id: 'tiny-spiral',
    title: 'Tiny spiral (instant)',
    description: 'A 3-arm spiral, a 16-16 tanh network and just 8 random directions a step: trains in seconds, even without a fast GPU.',
    runs: [make({ dataset: 'spiral', arch: 'mlp:16-16:tanh', method: 'rbd', d: 8, batch: 16, lr: 0.5, epochs: 50, spf: 20 })],
  },
];

export const presetById = (id: string) => PRESETS.find((p) => p.id === id);
