import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../train/protocol';
import { DEATH_WINDOW_MS, HEARTBEAT_MS, keepWorker, MAX_RESTARTS, SILENT_TICKS, type WorkerLike } from './worker-life';

/** A worker that records what it is sent and says what the test makes it say. */
class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: WorkerLike['onmessage'] = null;
  onmessageerror: WorkerLike['onmessageerror'] = null;
  onerror: WorkerLike['onerror'] = null;
  postMessage(m: ToWorker) { this.sent.push(m); }
  terminate() { this.terminated = true; }
  say(data: FromWorker) { this.onmessage?.({ data } as MessageEvent<FromWorker>); }
  fail(message: string) { this.onerror?.({ message, preventDefault() {} } as ErrorEvent); }
}

function setup() {
  const workers: FakeWorker[] = [];
  const events: string[] = [];
  const keeper = keepWorker(() => { const w = new FakeWorker(); workers.push(w); return w; }, {
    message: (m) => events.push(`message ${m.type}`),
    started: (post, replaced) => { post({ type: 'init' }); events.push(`started (${replaced ?? 'first'})`); },
    failed: (message) => events.push(`failed: ${message}`),
  }, () => Date.now());
  return { workers, events, keeper, last: () => workers[workers.length - 1] };
}

describe('the training worker’s life', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('replaces a worker whose script fails after it has answered, and passes on only the current worker’s messages', () => {
    const { workers, events, last } = setup();
    last().say({ type: 'ready', adapterName: 'x', isSoftware: true, limits: { maxStorageBufferBindingSize: 1, maxBufferSize: 1, maxComputeWorkgroupsPerDimension: 1 } });
    const first = last();
    first.fail('Uncaught RangeError');
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(last().sent).toEqual([{ type: 'init' }]);
    first.say({ type: 'pong' }); first.say({ type: 'error', message: 'late' }); // a replaced worker says nothing more
    expect(events).toEqual(['started (first)', 'message ready', 'started (it hit an error it could not report: Uncaught RangeError)']);
  });

  it('gives up on a worker that fails before it has said anything: it could not start, and another would not either', () => {
    const { workers, events, last, keeper } = setup();
    last().fail('');
    expect(workers).toHaveLength(1);
    expect(events.at(-1)).toBe('failed: The training worker failed to start: its script could not be loaded');
    expect(keeper.post({ type: 'init' })).toBe(false);
  });

  it('pings on a heartbeat; a worker silent for SILENT_TICKS heartbeats is replaced, any message counts as an answer', () => {
    const { workers, events, last } = setup();
    last().say({ type: 'pong' });
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(last().sent.at(-1)).toEqual({ type: 'ping' });
    vi.advanceTimersByTime((SILENT_TICKS - 1) * HEARTBEAT_MS);
    last().say({ type: 'progress', runId: 'a', step: 1, epoch: 0, stepsPerSec: 1, etaSec: null }); // busy, not dead
    vi.advanceTimersByTime((SILENT_TICKS - 1) * HEARTBEAT_MS);
    expect(workers).toHaveLength(1);
    vi.advanceTimersByTime(2 * HEARTBEAT_MS);
    expect(workers).toHaveLength(2);
    expect(workers[0].terminated).toBe(true);
    expect(events.at(-1)).toBe(`started (it did not answer for ${SILENT_TICKS} heartbeats of ${HEARTBEAT_MS / 1000} s)`);
  });

  it('a new worker that never answers fails after the init timeout instead of hanging', () => {
    const { events } = setup();
    vi.advanceTimersByTime(20_000);
    expect(events.at(-1)).toBe('failed: The training worker did not answer within 20 s.');
  });

  it('restarts a killed worker, but not one that keeps dying', () => {
    const { workers, events, last, keeper } = setup();
    for (let i = 0; i < MAX_RESTARTS; i++) { last().say({ type: 'pong' }); keeper.kill('killed'); }
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    last().say({ type: 'pong' });
    keeper.kill('killed');
    expect(workers).toHaveLength(MAX_RESTARTS + 1);
    expect(events.at(-1)).toMatch(new RegExp(`^failed: The training worker stopped ${MAX_RESTARTS + 1} times within a minute \\(last: killed\\)`));
  });

  it('deaths far apart are each restarted', () => {
    const { workers, last, keeper } = setup();
    last().say({ type: 'pong' });
    for (let i = 0; i < 2 * MAX_RESTARTS; i++) {
      keeper.kill('killed');
      last().say({ type: 'pong' });
      vi.advanceTimersByTime(DEATH_WINDOW_MS / 2);
    }
    expect(workers).toHaveLength(2 * MAX_RESTARTS + 1);
  });
});
