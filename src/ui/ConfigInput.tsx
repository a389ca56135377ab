/**
 * Text and select inputs for one config field. A typed value is parsed with the config
 * table's own parser, so the control and the URL accept exactly the same things; a
 * draft that does not parse stays in the box with a message and never reaches the store.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { FIELDS, type ConfigKey, type ExperimentConfig, type FieldSpec } from '../experiment/fields';
import { problemOf } from '../experiment/values';
import { Field } from './Field';
import { useApp, useController } from './use-app';

interface Props { name: ConfigKey; note?: ReactNode; disabled?: boolean; extra?: ReactNode; inputMode?: 'numeric' | 'decimal' | 'text' }

export function ConfigText({ name, note, disabled, extra, inputMode = 'decimal' }: Props) {
  const spec = FIELDS[name] as FieldSpec<unknown>;
  const value = useApp((s) => spec.format(s.config[name]));
  const controller = useController();
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => { setDraft(value); setProblem(null); }, [value]);

  const commit = (text: string) => {
    try {
      const parsed = spec.parse(text.trim());
      setProblem(null);
      controller.edit({ [name]: parsed } as Partial<ExperimentConfig>);
    } catch (e) {
      setProblem(`${problemOf(e, name)} (not applied)`);
    }
  };
  return (
    <Field name={name} note={note} draftError={problem}>
      {({ id, describedBy, title }) => (
        <div className="row">
          <input
            id={id} type="text" inputMode={inputMode} value={draft} title={title} aria-describedby={describedBy}
            aria-invalid={problem ? true : undefined} disabled={disabled} data-testid={`field-${name}`} spellCheck={false}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={() => { if (draft !== value) commit(draft); }}
            onKeyDown={(e) => { if (e.key === 'Enter') commit(draft); if (e.key === 'Escape') { setDraft(value); setProblem(null); } }}
          />
          {extra}
        </div>
      )}
    </Field>
  );
}

export function ConfigSelect({ name, note, disabled, labels }: Props & { labels?: Record<string, string> }) {
  const spec = FIELDS[name] as FieldSpec<unknown>;
  const value = useApp((s) => spec.format(s.config[name]));
  const controller = useController();
  const options = spec.options ?? [];
  return (
    <Field name={name} note={note}>
      {({ id, describedBy, title }) => (
        <select id={id} value={value} title={title} aria-describedby={describedBy} disabled={disabled} data-testid={`field-${name}`}
          onChange={(e) => controller.edit({ [name]: spec.parse(e.target.value) } as Partial<ExperimentConfig>)}>
          {options.map((o) => <option key={o} value={o}>{labels?.[o] ?? o}</option>)}
        </select>
      )}
    </Field>
  );
}
