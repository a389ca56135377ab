import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ExperimentConfig } from '../experiment/fields';
import { testDevice, withDevice } from '../test/gpu';
import type { FromWorker } from './protocol';
import { Session } from './session';

const TINY: ExperimentConfig = {
  ...DEFAULT_CONFIG, dataset: 'spiral', arch: 'mlp:16-16:tanh', method: 'rbd', d: 8, batch: 16, lr: 0.5, epochs: 3, spf: 10, target: null,
};

/** A session whose messages are collected, with a wait for one that matches. */
function harness() {
  const messages: FromWorker[] = [];
  const waiters: (() => void)[] = [];
  // The session trains on the test device, so withDevice sees every GPU error it causes and frees what it leaves.
  const session = new Session((m) => { messages.push(m); waiters.splice(0).forEach((w) => w()); }, testDevice);
  const until = async <T extends FromWorker>(pick: (m: FromWorker) => m is T, from = 0): Promise<T> => {
    for (;;) {
      const found = messages.slice(from).find(pick);
      if (found) return found;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { session, messages, until };
}

describe('worker session', () => {
  it('trains a run to its epoch limit with metrics, evaluations and a decision boundary', () => withDevice(async () => {
    const { session, until } = harness();
    await session.handle({ type: 'init' });
    await until((m): m is Extract<FromWorker, { type: 'ready' }> => m.type === 'ready');
    await session.handle({ type: 'start', runId: 'a', config: TINY });
    const finished = await until((m): m is Extract<FromWorker, { type: 'finished' }> => m.type === 'finished');
    expect(finished).toMatchObject({ runId: 'a', reason: 'epochs' });
    await until((m): m is Extract<FromWorker, { type: 'boundary' }> => m.type === 'boundary');
  }));

  it('after a lost device, recovers and resumes the run from its last θ checkpoint', () => withDevice(async () => {
    const { session, messages, until } = harness();
    await session.handle({ type: 'init' });
    await until((m): m is Extract<FromWorker, { type: 'ready' }> => m.type === 'ready');
    await session.handle({ type: 'start', runId: 'b', config: { ...TINY, epochs: 50 } });
    // A checkpoint is taken at every evaluation: wait for a point that carries one.
    await until((m): m is Extract<FromWorker, { type: 'metrics' }> => m.type === 'metrics' && m.points.some((p) => p.testAcc !== undefined && p.step > 0));
    await session.handle({ type: 'pause', runId: 'b' });
    const before = messages.length;
    // Simulate the loss (WebGPU has no way to force one): what device.lost delivers for a
    // real loss ('destroyed' alone is ignored as deliberate). The device stays, as the
    // shared test device must; the runs are rebuilt on it from their checkpoints.
    await session.loseDevice('simulated loss');
    const lost = await until((m): m is Extract<FromWorker, { type: 'deviceLost' }> => m.type === 'deviceLost', before);
    expect(lost.recovering).toBe(true);
    await until((m): m is Extract<FromWorker, { type: 'ready' }> => m.type === 'ready', before);
    const resumed = await until((m): m is Extract<FromWorker, { type: 'runState' }> => m.type === 'runState' && m.runId === 'b', before);
    expect(resumed.status).toBe('paused');
    expect(resumed.step).toBeGreaterThan(0); // from the checkpoint, not from step 0
    await session.handle({ type: 'cancel', runId: 'b' });
  }));

  it('a run started with a resume, as a restarted worker is sent it, continues from its checkpoint and ends with the θ of the uninterrupted run', () => withDevice(async () => {
    const config = { ...TINY, epochs: 6 };
    const is = <T extends FromWorker['type']>(type: T, runId: string) => (m: FromWorker): m is Extract<FromWorker, { type: T }> => m.type === type && 'runId' in m && m.runId === runId;
    const pointsOf = (ms: FromWorker[], id: string) => ms.flatMap((m) => (is('metrics', id)(m) ? m.points : []));
    // Uninterrupted, with a live change at step 30; the page gets its first checkpoint at once.
    const first = harness();
    await first.session.handle({ type: 'init' });
    await first.session.handle({ type: 'start', runId: 'u', config, paused: true });
    await first.session.handle({ type: 'step', runId: 'u', count: 30 });
    await first.until((m): m is FromWorker => is('progress', 'u')(m) && m.step === 30);
    await first.session.handle({ type: 'live', runId: 'u', patch: { lr: 0.3 } });
    await first.session.handle({ type: 'resume', runId: 'u' });
    const whole = await first.until(is('finished', 'u'));
    const saved = first.messages.find(is('checkpoint', 'u'))!;
    const applied = first.messages.find(is('liveApplied', 'u'))!;
    expect(saved.checkpoint.step).toBeGreaterThan(0);
    expect(saved.checkpoint.theta).toBeInstanceOf(Float32Array);
    expect(applied.step).toBe(30);
    expect(saved.checkpoint.log).toEqual([]); // taken before the change, which the resumed run replays at its step

    // A fresh session, as a restarted worker: the checkpoint, the whole log, and the points the page has.
    const posted = Math.max(...pointsOf(first.messages, 'u').filter((p) => p.step <= saved.checkpoint.step + 20).map((p) => p.step));
    const second = harness();
    await second.session.handle({ type: 'init' });
    await second.session.handle({ type: 'start', runId: 'u', config, resume: { checkpoint: saved.checkpoint, log: [{ step: applied.step, patch: applied.patch }], posted } });
    expect((await second.until(is('runState', 'u'))).step).toBe(saved.checkpoint.step);
    const resumed = await second.until(is('finished', 'u'));
    expect(resumed.thetaHash).toBe(whole.thetaHash);
    expect(pointsOf(second.messages, 'u')).toEqual(pointsOf(first.messages, 'u').filter((p) => p.step > posted));
  }));
});
