/**
 * One labelled control: label, tooltip (title + aria-describedby, from the config
 * table's help text) and the field's error messages, wherever they came from (the URL,
 * an edit, the worker).
 */
import { useId, type ReactNode } from 'react';
import { FIELDS, type ConfigKey } from '../experiment/fields';
import { LABELS } from '../state/config';
import { useAppShallow } from './use-app';

export interface FieldProps {
  /** A config field: label and help come from the table. */
  name?: ConfigKey;
  label?: string;
  help?: string;
  /** Shown under the control, e.g. "applies live". */
  note?: ReactNode;
  /** A local problem not (yet) in the store, e.g. a draft that does not parse. */
  draftError?: string | null;
  children: (ids: { id: string; describedBy: string; title: string }) => ReactNode;
}

export function Field({ name, label, help, note, draftError, children }: FieldProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const text = help ?? (name ? FIELDS[name].help : '');
  const errors = useAppShallow((s) => (name ? s.configErrors.filter((e) => e.field === name) : []));
  const describedBy = [helpId, errors.length || draftError ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div className="field" data-field={name}>
      <label htmlFor={id} title={text}>{label ?? (name && LABELS[name])}</label>
      {children({ id, describedBy, title: text })}
      <span id={helpId} className="sr-only">{text}</span>
      {note && <span className="note">{note}</span>}
      {(errors.length > 0 || draftError) && (
        <span id={`${id}-err`} className="field-error" data-testid={name ? `error-${name}` : undefined}>
          {draftError && <span>{draftError}</span>}
          {errors.map((e) => (
            <span key={e.message}>{e.message}{e.defaultUsed !== null && <> — using {e.defaultUsed}</>}</span>
          ))}
        </span>
      )}
    </div>
  );
}
