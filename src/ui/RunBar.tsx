/**
 * Play/pause, single step, reset, evaluate, and the progress of the live-edit target
 * run. Progress is read through useThrottled: it changes every frame while training.
 */
import { stepBudget } from '../experiment/run';
import { formatDuration } from '../state/format';
import { isActive } from '../state/runs-slice';
import { useApp, useController, useThrottled } from './use-app';

export function RunBar() {
  const controller = useController();
  const running = useApp((s) => s.runs.some((r) => r.status === 'running' || r.status === 'starting'));
  const live = useApp((s) => s.runs.filter(isActive).length);
  const shown = useThrottled((s) => {
    const target = controller.liveTarget() ?? s.runs[s.runs.length - 1];
    const perEpoch = target?.info?.stepsPerEpoch;
    return target && {
      id: target.id, status: target.status, message: target.message, p: target.progress, color: target.color,
      steps: target.live.steps, epochs: target.live.epochs, budget: perEpoch ? stepBudget(target.live, perEpoch) : null,
    };
  }, 200);
  const p = shown?.p;
  return (
    <div className="run-bar" data-testid="run-bar">
      <div className="row wrap transport">
        <button type="button" className="primary" data-testid="play-pause" aria-pressed={running}
          aria-keyshortcuts="Space" title={running ? 'Pause (space)' : 'Play (space)'} onClick={() => controller.toggle()}>
          {running ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button type="button" data-testid="step" title="Run one step, then pause" onClick={() => controller.step(1)}>Step</button>
        <button type="button" data-testid="reset" title="Stop the live runs and remove their curves" disabled={!live} onClick={() => controller.reset()}>Reset</button>
        <button type="button" data-testid="evaluate" title="Evaluate on the test set now" disabled={!live} onClick={() => controller.evaluate()}>Evaluate</button>
      </div>
      <dl className="progress" aria-live="off">
        <div><dt>Epoch</dt><dd data-testid="progress-epoch">{p ? `${p.epoch.toFixed(2)}${shown.steps == null ? ` / ${shown.epochs}` : ''}` : '–'}</dd></div>
        <div><dt>Step</dt><dd data-testid="progress-step">{p ? `${p.step.toLocaleString()}${shown.steps != null ? ` / ${shown.steps.toLocaleString()}` : ''}` : '–'}</dd></div>
        <div><dt>Steps/s</dt><dd data-testid="steps-per-sec">{p ? p.stepsPerSec.toFixed(p.stepsPerSec < 10 ? 1 : 0) : '–'}</dd></div>
        <div><dt>ETA</dt><dd data-testid="eta">{formatDuration(p?.etaSec)}</dd></div>
        <div><dt>Status</dt><dd data-testid="run-status">
          {shown ? <><span className="swatch" style={{ background: shown.color }} />{shown.message ?? shown.status}</> : 'no run yet'}
        </dd></div>
      </dl>
      {p && shown.budget && <progress max={1} value={Math.min(1, p.step / shown.budget)} aria-label="Training progress" />}
    </div>
  );
}
