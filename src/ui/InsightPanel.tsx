/**
 * What the numbers cost: the device, D and Σd_k, the memory a stored P would need
 * against what the engine uses, speed, and bytes per step with shared-seed workers
 * against a gradient all-reduce. Before a run it shows the page's own estimate.
 */
import { useMemo } from 'react';
import { formatBytes, formatCount } from '../state/format';
import { previewPlan } from '../state/plan';
import { DATASET_META } from '../experiment/datasets';
import { InsightPictures } from './lazy-panels';
import { useApp, useController, useThrottled } from './use-app';

export function InsightPanel() {
  const controller = useController();
  const config = useApp((s) => s.config);
  const worker = useApp((s) => s.worker);
  const gpu = useApp((s) => s.gpu);
  const preview = useMemo(() => previewPlan(config), [config]);
  const focus = useThrottled((s) => {
    const r = controller.liveTarget() ?? s.runs[s.runs.length - 1];
    const probed = r && s.series[r.id]?.points.findLast((p) => p.diagnostics);
    return r && { id: r.id, info: r.info, stepsPerSec: r.progress?.stepsPerSec, dataset: r.config.dataset, probed };
  }, 300);
  const probed = focus?.probed;
  const info = focus?.info;
  const n = info ?? preview;
  const device = worker.adapterName ?? gpu.adapterName;
  const kind = DATASET_META[focus?.dataset ?? config.dataset].kind;

  return (
    <aside className="insight" aria-labelledby="insight-h" data-testid="insight">
      <h2 id="insight-h">Insight</h2>
      <dl className="facts">
        <dt>Device</dt>
        <dd data-testid="insight-device">{device ?? '–'}{worker.isSoftware ? ' (software)' : ''}</dd>
        <dt>D parameters</dt><dd data-testid="insight-D">{n ? formatCount(n.D) : '–'}</dd>
        <dt>Σd_k trained</dt><dd data-testid="insight-sumdk">{n ? formatCount(n.sumDk) : '–'}</dd>
        <dt title="Σd_k·D·4 bytes: a materialised random basis">Stored P would need</dt>
        <dd data-testid="insight-stored-p">{!n ? '–' : n.storedPBytes ? formatBytes(n.storedPBytes) : 'no basis (sgd)'}</dd>
        <dt title="The GPU buffers this run holds now (θ, gradients, activations, data, subspace tables), summed from the engine's own buffers">GPU memory used</dt>
        <dd data-testid="insight-used">{!info ? 'after start' : worker.state === 'noWebGPU' ? 'none (CPU engine)' : formatBytes(info.usedBytes)}</dd>
        <dt>Steps/s</dt><dd data-testid="insight-steps-per-sec">{focus?.stepsPerSec?.toFixed(1) ?? '–'}</dd>
        <dt title="Per step: W·Σd_k·4 bytes of coordinates, against W·D·4 for a gradient all-reduce">Exchanged per step</dt>
        <dd data-testid="insight-bytes">
          {n && n.bytesPerStepWorkers ? (
            <>{formatBytes(n.bytesPerStepWorkers)} <span className="meta">vs all-reduce {formatBytes(n.allReduceBytes)} ({(n.allReduceBytes / n.bytesPerStepWorkers).toFixed(0)}× less)</span></>
          ) : '–'}
        </dd>
        {probed?.diagnostics && (
          <>
            <dt title="cos(P·Pᵀ·G, G) over the probe set, with the bases of that step (docs/design.md §11); 1 for sgd">ρ_G at step {probed.step}</dt>
            <dd data-testid="insight-rho-g">
              {probed.diagnostics.rhoG.toFixed(3)}
              {probed.diagnostics.rhoGByCompartment.length > 1 && <span className="meta"> (by compartment {probed.diagnostics.rhoGByCompartment.map((v) => v.toFixed(3)).join(', ')})</span>}
              {info && <span className="meta"> vs √(Σd_k/D) = {Math.sqrt(info.sumDk / info.D).toFixed(3)}</span>}
            </dd>
            <dt title="cos(u, g) of that step's minibatch: a weaker signal, minibatch noise dominates g">Minibatch ρ</dt>
            <dd data-testid="insight-rho">{probed.diagnostics.rho.toFixed(3)}</dd>
            <dt title="The length of the step taken, |η·u|, against the SGD step the same minibatch would make, |η·g|">Step length</dt>
            <dd data-testid="insight-step-length">{probed.diagnostics.stepLength.toPrecision(3)} <span className="meta">vs |η·g| = {probed.diagnostics.gradLength.toPrecision(3)}</span></dd>
          </>
        )}
        {info && <><dt>Data</dt><dd>{formatCount(info.trainSize)} train, {formatCount(info.testSize)} test, {formatCount(info.stepsPerEpoch)} steps/epoch</dd></>}
      </dl>
      {!info && <p className="meta">Estimated from the settings; a run reports the engine’s own numbers.</p>}
      {focus && <InsightPictures runId={focus.id} kind={kind} />}
    </aside>
  );
}
