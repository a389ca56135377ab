import { describe, expect, it } from 'vitest';
import { withDevice } from '../test/gpu';
import { bufferLedger, createBuffer, uploadBuffer } from './buffers';

describe('bufferLedger', () => {
  it('counts every buffer made here while it lives, its rounded size included, and uncounts it once', () =>
    withDevice(async ({ device }) => {
      const start = bufferLedger(device); // a snapshot: were it a live view, no `start + n` below could hold
      const a = createBuffer(device, 'test.ledgerA', 17); // rounds up to 32 bytes
      const b = uploadBuffer(device, 'test.ledgerB', new Float32Array(7)); // 28 → 32 bytes
      expect([a.size, b.size]).toEqual([32, 32]);
      expect(bufferLedger(device)).toEqual({ buffers: start.buffers + 2, bytes: start.bytes + 64 });
      a.destroy();
      a.destroy(); // a second destroy is legal WebGPU and must not count again
      expect(bufferLedger(device)).toEqual({ buffers: start.buffers + 1, bytes: start.bytes + 32 });
      b.destroy();
      expect(bufferLedger(device)).toEqual(start);
      // Buffers made straight from the device are not this ledger's business.
      device.createBuffer({ label: 'test.ledgerRaw', size: 16, usage: 0x80 }).destroy();
      expect(bufferLedger(device)).toEqual(start);
    }));
});
