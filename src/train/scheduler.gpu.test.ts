import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { testDevice, withDevice } from '../test/gpu';
import type { FromWorker, MetricPoint } from './protocol';
import { Session } from './session';

// A cheap step (sgd, D = 371) and a dear one (rbd, D = 17,027: 2·d·D ≈ 6.5·10⁶ basis entries a step, some
// 30× the cost of the cheap one on SwiftShader).
// Synthetic sets: the worker's MNIST comes by fetch, which a Node test has no server for.
const FAST: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'spiral', arch: 'mlp:16-16:tanh', method: 'sgd', lr: 0.5, batch: 16, epochs: 10_000, spf: 10 };
const SLOW: ExperimentConfig = { ...DEFAULT_CONFIG, dataset: 'spiral', arch: 'mlp:128-128:tanh', method: 'rbd', d: 192, lr: 0.5, batch: 16, epochs: 10_000, spf: 10 };

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;

function harness() {
  const messages: FromWorker[] = [];
  const waiters: (() => void)[] = [];
  const session = new Session((m) => { messages.push(m); waiters.splice(0).forEach((w) => w()); }, testDevice);
  const until = async <T extends FromWorker>(pick: (m: FromWorker) => m is T): Promise<T> => {
    for (;;) {
      const found = messages.find(pick);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  const points = (runId: string): MetricPoint[] => messages.flatMap((m) => (m.type === 'metrics' && m.runId === runId ? m.points : []));
  const lastStep = (runId: string) => Math.max(0, ...messages.flatMap((m) => (m.type === 'progress' && m.runId === runId ? [m.step] : [])));
  return { session, messages, until, points, lastStep };
}

/** Trains `config` alone for exactly `steps` steps and returns its points. */
async function alone(config: ExperimentConfig, steps: number): Promise<MetricPoint[]> {
  const h = harness();
  await h.session.handle({ type: 'init' });
  await h.session.handle({ type: 'start', runId: 'solo', config: { ...config, steps } });
  await h.until((m): m is Msg<'finished'> => m.type === 'finished' && m.runId === 'solo');
  return h.points('solo');
}

describe('time-sharing', () => {
  it('gives runs time, not steps: a run ten times cheaper a step takes many times the steps, and each curve equals the run trained alone, bit for bit', () =>
    withDevice(async () => {
      const h = harness();
      await h.session.handle({ type: 'init' });
      await h.session.handle({ type: 'start', runId: 'fast', config: FAST });
      await h.session.handle({ type: 'start', runId: 'slow', config: SLOW });
      await h.until((m): m is Msg<'metrics'> => m.type === 'metrics' && m.runId === 'slow' && m.points.some((p) => p.step >= 20));
      await h.session.handle({ type: 'pause', runId: 'fast' });
      await h.session.handle({ type: 'pause', runId: 'slow' });
      await new Promise((resolve) => setTimeout(resolve, 500)); // a turn in flight reports its progress
      const fast = h.lastStep('fast'), slow = h.lastStep('slow');
      console.log(`time-sharing: fast run ${fast} steps, slow run ${slow} steps in the same time (${(fast / slow).toFixed(1)}×)`);
      expect(fast).toBeGreaterThanOrEqual(5 * slow);
      // The points of a run depend on its config alone: the same as trained alone, up to its last whole window.
      for (const [id, config, steps] of [['fast', FAST, fast], ['slow', SLOW, slow]] as const) {
        const together = h.points(id).filter((p) => p.step <= steps - (steps % config.spf));
        // The solo run ends at `steps` and evaluates there; the paused one has not got to that evaluation.
        const solo = (await alone(config, steps)).filter((p) => p.step <= steps - (steps % config.spf))
          .map((p) => (p.step === steps ? { ...p, testAcc: together.find((q) => q.step === steps)?.testAcc } : p))
          .map((p) => (p.testAcc === undefined ? (({ testAcc: _t, ...rest }) => rest)(p) : p));
        expect(together.length).toBeGreaterThan(3);
        expect(together.map((p) => p.step)).toEqual(solo.map((p) => p.step));
        expect(together).toEqual(solo);
      }
      await h.session.handle({ type: 'cancel', runId: 'fast' });
      await h.session.handle({ type: 'cancel', runId: 'slow' });
    }));
});
