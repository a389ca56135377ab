/**
 * Problems the user must see, without losing anything else: values the link had that
 * were rejected (each also shows at its control), dataset file errors, diverged runs,
 * device loss and a worker that could not start.
 */
import { useApp, useAppShallow } from './use-app';

export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismissNotice);
  const configErrors = useAppShallow((s) => s.configErrors);
  const dismissField = useApp((s) => s.dismissConfigError);
  const worker = useApp((s) => s.worker);
  return (
    <div className="notices" aria-live="polite">
      {worker.state === 'failed' && (
        <div role="alert" className="notice error" data-testid="worker-failed">
          <strong>Training is unavailable.</strong> {worker.message} Settings, links and kept runs still work.
        </div>
      )}
      {worker.state === 'noWebGPU' && (
        <div role="status" className="notice" data-testid="worker-no-webgpu">
          {worker.message} {worker.cpuFallback ? 'Small models train on the CPU instead.' : ''}
        </div>
      )}
      {configErrors.length > 0 && (
        <div role="alert" className="notice warn" data-testid="config-errors">
          <strong>Some settings were not accepted:</strong>
          <ul>
            {configErrors.map((e) => (
              <li key={e.field + e.message} data-testid={`config-error-${e.field}`}>
                <code>{e.field}</code>: {e.message}{e.defaultUsed !== null && <> — using <code>{e.defaultUsed}</code></>}
                <button type="button" className="link" aria-label={`Dismiss the message about ${e.field}`} onClick={() => dismissField(e.field)}>×</button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {notices.map((n) => (
        <div key={n.id} role="alert" className={`notice ${n.kind === 'run' ? 'warn' : 'error'}`} data-testid={`notice-${n.kind}`}>
          {n.message}
          <button type="button" className="link" aria-label="Dismiss" onClick={() => dismiss(n.id)}>×</button>
        </div>
      ))}
    </div>
  );
}
