/**
 * The sweep of d (docs/design.md §12): the grid, the methods, the seeds, the threshold
 * and the baseline's η, as fields of the experiment (so they live in the link and get
 * their messages like any field), Start / Stop / Resume, the progress, and the results.
 * The runs themselves are normal runs in the run list; the panel only reads them.
 */
import { useState } from 'react';
import { FIELDS } from '../experiment/fields';
import { SWEEP_METHODS, type SweepMethod } from '../experiment/enums';
import { budgetText } from '../experiment/sweep';
import { formatDuration } from '../state/format';
import { sweepView, type SweepView } from '../state/sweep-view';
import { ConfigSelect, ConfigText } from './ConfigInput';
import { Field } from './Field';
import { SweepResults } from './SweepResults';
import { useApp, useController, useThrottled } from './use-app';

const REFRESH_MS = 250;

export function SweepPanel() {
  // The clock is read with the store: the estimate moves as the current run's progress does.
  const view = useThrottled((s) => sweepView(s, performance.now()), REFRESH_MS);
  const running = view.status === 'running';
  return (
    <section className="sweep" aria-labelledby="sweep-h" data-testid="sweep-panel" data-status={view.status}>
      <h2 id="sweep-h">Sweep of d <span className="meta">and d_int90, the smallest d that reaches the threshold</span></h2>
      <div className="sweep-fields">
        <ConfigText name="sweep" inputMode="text" disabled={running} />
        <MethodsField disabled={running} />
        <ConfigText name="seeds" inputMode="text" disabled={running} />
        <ConfigSelect name="threshold" disabled={running} />
        <ConfigText name="sgdLr" disabled={running} />
      </div>
      {running && <p className="meta">The sweep that runs keeps its settings; edits apply to the next one.</p>}
      <SweepButtons view={view} />
      <SweepProgress view={view} />
      {view.base && view.summary && <SweepResults base={view.base} summary={view.summary} view={view} />}
    </section>
  );
}

/** fpd and rbd as two boxes; at least one stays ticked. */
function MethodsField({ disabled }: { disabled: boolean }) {
  const methods = useApp((s) => s.config.methods);
  const controller = useController();
  const [problem, setProblem] = useState<string | null>(null);
  const toggle = (m: SweepMethod, on: boolean) => {
    const next = SWEEP_METHODS.filter((x) => (x === m ? on : methods.includes(x)));
    if (!next.length) { setProblem('a sweep needs at least one method (not applied)'); return; }
    setProblem(null);
    controller.edit({ methods: FIELDS.methods.parse(next.join(',')) });
  };
  return (
    <Field name="methods" draftError={problem}>
      {({ id, describedBy, title }) => (
        <div className="row" id={id} role="group" aria-describedby={describedBy} title={title}>
          {SWEEP_METHODS.map((m) => (
            <label key={m} className="inline">
              <input type="checkbox" checked={methods.includes(m)} disabled={disabled} data-testid={`sweep-method-${m}`}
                onChange={(e) => toggle(m, e.target.checked)} /> {m}
            </label>
          ))}
        </div>
      )}
    </Field>
  );
}

function SweepButtons({ view }: { view: SweepView }) {
  const { sweep } = useController();
  const running = view.status === 'running', left = view.total - view.done;
  return (
    <div className="row wrap">
      {!running && view.done === 0 && (
        <button type="button" className="primary" data-testid="sweep-start" disabled={!view.base}
          title={view.base ? `Train the ${view.total} runs one after another` : 'Give a grid of d to sweep first'} onClick={() => sweep.start()}>
          ▶ Start sweep
        </button>
      )}
      {!running && view.done > 0 && left > 0 && (
        <button type="button" className="primary" data-testid="sweep-resume"
          title="Train only the runs the run list does not have yet" onClick={() => sweep.start()}>
          ▶ Resume ({left} left)
        </button>
      )}
      <button type="button" data-testid="sweep-stop" disabled={!running} title="Cancel the current run and stop the sweep" onClick={() => sweep.stop()}>
        ■ Stop
      </button>
    </div>
  );
}

function SweepProgress({ view }: { view: SweepView }) {
  if (!view.base) return <p className="meta" data-testid="sweep-progress">Give a grid of d (say 8..1024) to sweep this experiment at each d, for fpd and rbd, beside an sgd baseline.</p>;
  const budget = budgetText(view.base);
  let text: string;
  if (view.status === 'running') {
    const eta = view.etaSec === null ? 'time left: known once a run has finished'
      : `about ${formatDuration(view.etaSec)} left (an estimate from the ${view.timed} run${view.timed === 1 ? '' : 's'} finished so far)`;
    text = view.current === null ? `${view.done} of ${view.total} done` : `run ${view.current} of ${view.total}; ${eta}`;
  } else if (view.done === view.total) {
    text = `all ${view.total} runs done`;
  } else {
    text = `${view.done} of ${view.total} runs done${view.status === 'stopped' ? ' (stopped)' : ''}${view.done ? '; Resume trains the others' : ''}`;
  }
  return (
    <p data-testid="sweep-progress" data-done={view.done} data-total={view.total}>
      {text} <span className="meta">· each run: {budget}</span>
      {view.failed.length > 0 && <span className="field-error"> {view.failed.length} failed (see the run list); Resume tries them again.</span>}
    </p>
  );
}
