/**
 * Every run, live or kept from earlier visits: status, final numbers, and what can be
 * done with it (show/hide, make it the live-edit target, continue an interrupted one from
 * its checkpoint, re-open its settings, export, delete). Rows re-render at most twice a
 * second.
 */
import { runToCsv, runToJson } from '../state/export';
import { percent, runLabel } from '../state/format';
import { presetById } from '../state/presets';
import { canContinue } from '../state/resume';
import { isActive, type Run } from '../state/runs-slice';
import { appStore } from '../state/store';
import { download } from './download';
import { useApp, useController, useThrottled } from './use-app';

export function RunsList() {
  const runs = useThrottled((s) => s.runs, 500);
  if (!runs.length) return null;
  return (
    <section className="runs" aria-labelledby="runs-h">
      <h2 id="runs-h">Runs <span className="meta">(kept in this browser)</span></h2>
      <ul className="run-list" data-testid="runs-list">
        {[...runs].reverse().map((r) => <RunRow key={r.id} run={r} />)}
      </ul>
    </section>
  );
}

function RunRow({ run }: { run: Run }) {
  const controller = useController();
  const toggleRun = useApp((s) => s.toggleRun);
  const selectRun = useApp((s) => s.selectRun);
  const target = useApp(() => controller.liveTarget()?.id === run.id);
  const checkpointStep = useApp((s) => (canContinue(s, run) ? s.checkpoints[run.id].step : null));
  // Read at click time: exports want the whole stored history, not a throttled snapshot.
  const points = () => appStore.getState().series[run.id]?.points ?? [];
  const last = useThrottled((s) => {
    const pts = s.series[run.id]?.points ?? [];
    const test = [...pts].reverse().find((p) => p.testAcc !== undefined);
    return { loss: [...pts].reverse().find((p) => Number.isFinite(p.loss))?.loss, testAcc: test?.testAcc, n: pts.length };
  }, 500);
  const preset = run.presetId ? presetById(run.presetId) : undefined;
  const name = `run-${run.id}`;
  return (
    <li className={`run-row status-${run.status}`} data-testid={`run-row-${run.id}`} data-status={run.status}>
      <div className="row wrap">
        <label title="Show on the charts">
          <input type="checkbox" checked={run.visible} onChange={() => toggleRun(run.id)} data-testid={`run-visible-${run.id}`} />
          <span className="swatch" style={{ background: run.color }} />
          <strong>{runLabel(run.live)}</strong>
        </label>
        <span className="meta">{run.live.dataset} · {run.live.arch} · seed {run.live.seed}{preset ? ` · ${preset.title}` : ''}</span>
      </div>
      <div className="row wrap">
        <span data-testid={`run-status-${run.id}`} className="status">{run.message ?? run.status}</span>
        <span className="meta">
          {run.progress ? `epoch ${run.progress.epoch.toFixed(2)}, step ${run.progress.step.toLocaleString()}` : ''}
          {last.loss !== undefined ? ` · loss ${last.loss.toPrecision(3)}` : ''} · test {percent(last.testAcc)}
          {run.marks.length ? ` · ${run.marks.length} live change${run.marks.length > 1 ? 's' : ''}` : ''}
        </span>
      </div>
      <div className="row wrap actions">
        {isActive(run) && (
          <label title="Live edits and Evaluate go to this run">
            <input type="radio" name="live-target" checked={target} onChange={() => selectRun(run.id)} data-testid={`run-target-${run.id}`} /> live target
          </label>
        )}
        {checkpointStep !== null && (
          <button type="button" onClick={() => controller.continueRun(run.id)} data-testid={`run-continue-${run.id}`}
            title="Train on from the checkpoint kept in this browser: the run ends as it would have uninterrupted">
            Continue from step {checkpointStep.toLocaleString('en')}
          </button>
        )}
        <button type="button" onClick={() => controller.openRun(run.id)} data-testid={`run-open-${run.id}`} title="Put this run's starting settings back into the controls">Open</button>
        <button type="button" onClick={() => download(`${name}.csv`, runToCsv(points()), 'text/csv')} data-testid={`run-csv-${run.id}`}>CSV</button>
        <button type="button" onClick={() => download(`${name}.json`, runToJson(run, points()), 'application/json')} data-testid={`run-json-${run.id}`}>JSON</button>
        <button type="button" className="danger" onClick={() => controller.deleteRun(run.id)} data-testid={`run-delete-${run.id}`} aria-label={`Delete run ${runLabel(run.live)}`}>Delete</button>
      </div>
    </li>
  );
}
