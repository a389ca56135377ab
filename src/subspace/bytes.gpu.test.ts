import { describe, it } from 'vitest';
import { mlp, planModel } from '../nn/model';
import { withDevice } from '../test/gpu';
import { expectBytesMatchLedger } from '../test/ledger';
import { planCompartments } from './compartments';
import { createSubspace } from './gpu';

const plan = planModel(mlp([13], 'tanh', 3), [1, 1, 7], 3); // D = 146

describe('GPU memory of a Subspace', () => {
  it('counts in bytes every buffer it owns, after a rebuild by setLive too, and gives them back', () =>
    withDevice(async ({ device }) => {
      const config = { D: plan.D, compartments: planCompartments(plan, 'layer', 'proportional', 9), workers: 2, seed: 3, dist: 'normal' as const };
      const rebuild = { compartments: planCompartments(plan, 'chunk:37', 'each', 5) };
      await expectBytesMatchLedger(device, 'subspace', () => createSubspace(device, config), (sub) => sub.setLive(rebuild));
      // keepCHat = false keeps ĉ allocated (at zero), so it is still counted.
      await expectBytesMatchLedger(device, 'subspace without ĉ', () => createSubspace(device, { ...config, keepCHat: false }));
    }));
});
