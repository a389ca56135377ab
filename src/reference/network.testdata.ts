/** Small test architectures, shared by the CPU and GPU network tests. */
import type { Architecture } from '../nn/model';

/** An MLP with both activations, on 7×5×3 inputs. */
export const SMALL_MLP: Architecture = {
  name: 'test mlp',
  layers: [{ kind: 'flatten' }, { kind: 'dense', units: 16 }, { kind: 'tanh' }, { kind: 'dense', units: 12 }, { kind: 'relu' }, { kind: 'dense', units: 10 }],
};
// 7×5×3 → conv valid 5×3×4 → conv same 5×3×6 → pool 2×1×6 (drops a row and a column) → 12 → 10.
export const SMALL_CNN: Architecture = {
  name: 'test cnn',
  layers: [
    { kind: 'conv2d', filters: 4, kernel: 3, padding: 'valid' }, { kind: 'relu' },
    { kind: 'conv2d', filters: 6, kernel: 3, padding: 'same' }, { kind: 'tanh' },
    { kind: 'maxpool2' }, { kind: 'flatten' }, { kind: 'dense', units: 10 },
  ],
};
