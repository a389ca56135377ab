/**
 * Method and subspace: d on a log slider with a number box, the redraw policy, the
 * distribution, compartments and the allocation of d, with the compartment table
 * (D_k, d_k) for the current settings.
 */
import { useMemo } from 'react';
import { fixedReason, usesField } from '../experiment/rules';
import { previewPlan } from '../state/plan';
import { ConfigSelect, ConfigText } from './ConfigInput';
import { CompartmentsField } from './CompartmentsField';
import { CompartmentsTable } from './CompartmentsTable';
import { LiveNote } from './LiveNote';
import { useApp, useController } from './use-app';

export function SubspaceControls() {
  const config = useApp((s) => s.config);
  const controller = useController();
  const plan = useMemo(() => previewPlan(config), [config]);
  const sgd = !usesField(config.method, 'd');
  const redrawFixed = fixedReason(config.method, 'redraw');
  const maxD = Math.max(10, plan?.D ?? 1_000_000);
  // Slider position 0…1000 ↔ d = maxD^(pos/1000): small d, where the interesting range is, gets most of the travel.
  const pos = Math.round((1000 * Math.log(config.d)) / Math.log(maxD));

  return (
    <section className="panel-section" aria-labelledby="subspace-h">
      <h3 id="subspace-h">Method and subspace</h3>
      <ConfigSelect name="method" note={<LiveNote name="method" />} />
      <ConfigText name="d" inputMode="numeric" disabled={sgd} note={sgd ? 'sgd trains every parameter' : <LiveNote name="d" />}
        extra={
          <input type="range" min={0} max={1000} value={Math.min(1000, pos)} disabled={sgd} aria-label="Subspace dimension d (log scale)"
            data-testid="d-slider" title="Drag for d on a log scale"
            onChange={(e) => controller.edit({ d: Math.max(1, Math.round(maxD ** (Number(e.target.value) / 1000))) })} />
        } />
      <ConfigText name="redraw" inputMode="text" disabled={!usesField(config.method, 'redraw')}
        note={redrawFixed ?? <LiveNote name="redraw" />}
        extra={
          <label className="inline" title="Keep one fixed subspace">
            <input type="checkbox" checked={config.redraw === 'never'} disabled={!usesField(config.method, 'redraw')} data-testid="redraw-never"
              onChange={(e) => controller.edit({ redraw: e.target.checked ? 'never' : 1 })} /> never
          </label>
        } />
      <ConfigSelect name="dist" disabled={sgd} note={<LiveNote name="dist" />} />
      <CompartmentsField disabled={sgd} />
      <ConfigSelect name="alloc" disabled={sgd} note={<LiveNote name="alloc" />} />
      {plan && !sgd && !plan.problem && (
        <p className="meta" data-testid="plan-preview">
          Σd_k = <strong data-testid="sum-dk">{plan.sumDk.toLocaleString()}</strong> trained dimensions of D = {plan.D.toLocaleString()}
        </p>
      )}
      {plan && !sgd && <CompartmentsTable plan={plan} lr={config.lr} />}
    </section>
  );
}
