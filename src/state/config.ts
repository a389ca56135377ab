/**
 * The page's side of the experiment table (src/experiment/fields.ts): each field's label.
 * Help, options and bounds come from the table itself, so a control can offer nothing
 * the parser refuses, and says what the CLI's --help says.
 */
import type { ConfigKey } from '../experiment/fields';

export const LABELS: Record<ConfigKey, string> = {
  v: 'Schema version',
  dataset: 'Dataset',
  arch: 'Architecture',
  method: 'Method',
  d: 'Subspace dimension d',
  redraw: 'Redraw every',
  dist: 'Distribution',
  compartments: 'Compartments',
  alloc: 'Allocation of d',
  lr: 'Learning rate η',
  batch: 'Batch size',
  seed: 'Seed',
  workers: 'Workers',
  epochs: 'Max epochs',
  steps: 'Max steps',
  target: 'Target accuracy %',
  spf: 'Steps per point',
  sweep: 'Sweep d over',
  methods: 'Sweep methods',
  seeds: 'Sweep seeds',
  threshold: 'd_int90 threshold',
  sgdLr: 'Baseline η (sgd)',
  room: 'Room',
  nats: 'NATS WebSocket URL',
};
