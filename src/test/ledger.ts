/**
 * Checks a component's own account of its GPU memory against the buffer ledger
 * (src/engine/buffers.ts), so that a trainer's total, the sum of its parts' `bytes`, is
 * what the device really holds. Run inside withDevice: the ledger is per device, and a
 * test's stray buffers would show as the component's.
 */
import { expect } from 'vitest';
import { bufferLedger } from '../engine/buffers';

export interface OwnsBuffers {
  readonly bytes: number;
  destroy(): void;
}

/**
 * Creates a component and expects its `bytes` to equal what the ledger grew by, again
 * after `change` (which may rebuild buffers), and destroy() to give every buffer back.
 */
export async function expectBytesMatchLedger<T extends OwnsBuffers>(device: GPUDevice, what: string, create: () => T | Promise<T>, change?: (made: T) => void): Promise<void> {
  const before = bufferLedger(device);
  const made = await create();
  const expectHeld = (when: string) => {
    expect(made.bytes, `${what}: bytes ${when}`).toBeGreaterThan(0);
    expect(made.bytes, `${what}: bytes ${when}, against the ledger`).toBe(bufferLedger(device).bytes - before.bytes);
  };
  expectHeld('once created');
  if (change) {
    change(made);
    expectHeld('after the change');
  }
  made.destroy();
  expect(bufferLedger(device), `${what}: the ledger after destroy()`).toEqual(before);
}
