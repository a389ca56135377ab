/** The compartment scheme: a choice of network / layer / tensor / chunk, and N for chunk:N, checked by the experiment table's parser. */
import { useEffect, useState } from 'react';
import { chunkSize } from '../experiment/enums';
import { FIELDS } from '../experiment/fields';
import { problemOf } from '../experiment/values';
import { Field } from './Field';
import { useApp, useController } from './use-app';

const KINDS = ['network', 'layer', 'tensor', 'chunk'] as const;

export function CompartmentsField({ disabled }: { disabled?: boolean }) {
  const scheme = useApp((s) => s.config.compartments);
  const controller = useController();
  const size = chunkSize(scheme);
  const kind = size === null ? scheme : 'chunk';
  const [draft, setDraft] = useState(String(size ?? 4096));
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { if (size !== null) setDraft(String(size)); }, [size]);

  const commitChunk = (text: string) => {
    try {
      controller.edit({ compartments: FIELDS.compartments.parse(`chunk:${text.trim()}`) });
      setProblem(null);
    } catch (e) {
      setProblem(`${problemOf(e, 'compartments')} (not applied)`);
    }
  };
  return (
    <Field name="compartments" draftError={problem}>
      {({ id, describedBy, title }) => (
        <div className="row wrap">
          <select id={id} value={kind} title={title} aria-describedby={describedBy} disabled={disabled} data-testid="field-compartments"
            onChange={(e) => (e.target.value === 'chunk' ? commitChunk(draft) : controller.edit({ compartments: e.target.value as 'network' }))}>
            {KINDS.map((k) => <option key={k} value={k}>{k === 'chunk' ? 'chunk:N' : k}</option>)}
          </select>
          {kind === 'chunk' && (
            <label className="inline">
              N =
              <input type="text" inputMode="numeric" value={draft} disabled={disabled} aria-describedby={describedBy} data-testid="field-chunk"
                title="Parameters per compartment" onChange={(e) => setDraft(e.target.value)} onBlur={() => commitChunk(draft)}
                onKeyDown={(e) => { if (e.key === 'Enter') commitChunk(draft); }} />
            </label>
          )}
        </div>
      )}
    </Field>
  );
}
