/** The presets gallery: one click starts a preset's runs, overlaid; 'Settings' only loads them into the controls. */
import { serializeConfig } from '../experiment/config';
import { PRESETS } from '../state/presets';
import { useApp, useController } from './use-app';

export function Presets() {
  const controller = useController();
  const applyQuery = useApp((s) => s.applyQuery);
  return (
    <section className="presets" aria-labelledby="presets-h">
      <h2 id="presets-h">Presets</h2>
      <ul className="preset-grid">
        {PRESETS.map((p) => (
          <li key={p.id} className="preset">
            <h3>{p.title}</h3>
            <p>{p.description}</p>
            <div className="row">
              <button type="button" className="primary" data-testid={`preset-${p.id}`} onClick={() => controller.runPreset(p)}>
                Run {p.runs.length > 1 ? `${p.runs.length} runs` : ''}
              </button>
              <button type="button" data-testid={`preset-load-${p.id}`} title="Load the settings without starting"
                onClick={() => applyQuery(serializeConfig(p.runs[p.runs.length - 1]))}>Settings</button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
