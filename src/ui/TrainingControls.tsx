/** Optimisation and stopping: learning rate (with the paper's value where it has one), batch, seed, workers, pace, stop conditions. */
import { useMemo } from 'react';
import { paperLearningRate } from '../experiment/paper';
import { fixedReason } from '../experiment/rules';
import { stepScale } from '../subspace/compartments';
import { previewPlan } from '../state/plan';
import { ConfigText } from './ConfigInput';
import { LiveNote } from './LiveNote';
import { useApp, useController } from './use-app';

export function TrainingControls() {
  const config = useApp((s) => s.config);
  const { arch, dataset, method, lr } = config;
  const controller = useController();
  const paper = paperLearningRate(arch, dataset, method);
  const plan = useMemo(() => previewPlan(config), [config]);
  // One compartment: its step scale says at a glance why rbd's η is larger than sgd's.
  const scale = plan?.compartments.length === 1 ? stepScale(lr, plan.compartments[0]) : null;
  return (
    <section className="panel-section" aria-labelledby="training-h">
      <h3 id="training-h">Training</h3>
      <ConfigText name="lr"
        note={<>{scale !== null && <span className="meta" data-testid="lr-scale" title="E[P·Pᵀ] = (d/D)·I: the expected step is this fraction of η·g">effective η·d/D = {scale.toPrecision(3)} </span>}<LiveNote name="lr" /></>}
        extra={paper !== undefined && paper !== lr && (
          <button type="button" data-testid="lr-paper" title="The paper's learning rate for this network, dataset and method" onClick={() => controller.edit({ lr: paper })}>
            paper: {paper}
          </button>
        )} />
      <ConfigText name="batch" inputMode="numeric" note={<LiveNote name="batch" />} />
      <ConfigText name="seed" inputMode="numeric" note={<LiveNote name="seed" />}
        extra={<button type="button" title="A new random seed" data-testid="seed-random" onClick={() => controller.edit({ seed: (Math.random() * 2 ** 32) >>> 0 })}>🎲</button>} />
      <ConfigText name="workers" inputMode="numeric" disabled={fixedReason(method, 'workers') !== null} note={fixedReason(method, 'workers') ?? <LiveNote name="workers" />} />
      <ConfigText name="spf" inputMode="numeric" />
      <h4>Stop when</h4>
      <ConfigText name="epochs" />
      <ConfigText name="steps" inputMode="numeric" />
      <ConfigText name="target" />
    </section>
  );
}
