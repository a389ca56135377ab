/**
 * The architecture: the text form (the URL's grammar), a builder for MLPs and CNNs,
 * one-click paper networks, and D computed with planModel. A network that does not fit
 * the dataset is shown with planModel's message (naming the layer) and not applied.
 */
import { useEffect, useMemo, useState } from 'react';
import { formatArch, parseArch, planArch, PAPER_CNN, PAPER_FC, type ArchSpec } from '../experiment/arch';
import type { Activation } from '../nn/model';
import { formatCount } from '../state/format';
import { Field } from './Field';
import { LiveNote } from './LiveNote';
import { CnnBlocks } from './CnnBlocks';
import { useApp, useController } from './use-app';

export function ArchBuilder() {
  const { arch, dataset } = useApp((s) => s.config);
  const controller = useController();
  const [text, setText] = useState(arch);
  useEffect(() => setText(arch), [arch]);

  const draft = useMemo(() => {
    try {
      const spec = parseArch(text);
      return { spec, D: planArch(formatArch(spec), dataset).D, error: null };
    } catch (e) {
      return { spec: null, D: null, error: (e as Error).message };
    }
  }, [text, dataset]);

  const apply = (spec: ArchSpec) => {
    const next = formatArch(spec);
    setText(next);
    try { planArch(next, dataset); controller.edit({ arch: next }); } catch { /* the message shows from `draft` */ }
  };
  const commitText = () => { if (draft.spec && !draft.error) apply(draft.spec); };
  const spec = draft.spec;

  return (
    <section className="panel-section" aria-labelledby="arch-h">
      <h3 id="arch-h">Architecture</h3>
      <div className="row wrap">
        <button type="button" data-testid="arch-paper-fc" onClick={() => apply(PAPER_FC)}>Paper FC</button>
        <button type="button" data-testid="arch-paper-cnn" onClick={() => apply(PAPER_CNN)}>Paper CNN</button>
      </div>
      <Field name="arch" draftError={draft.error && text !== arch ? `${draft.error} (not applied)` : null} note={<LiveNote name="arch" />}>
        {({ id, describedBy, title }) => (
          <input id={id} type="text" value={text} title={title} aria-describedby={describedBy} spellCheck={false}
            data-testid="arch-text" onChange={(e) => setText(e.target.value)} onBlur={commitText}
            onKeyDown={(e) => { if (e.key === 'Enter') commitText(); }} />
        )}
      </Field>
      <p className="meta">D = <strong data-testid="arch-D">{draft.D === null ? '–' : formatCount(draft.D)}</strong> trainable parameters</p>
      {spec && <Builder spec={spec} onChange={apply} />}
    </section>
  );
}

function Builder({ spec, onChange }: { spec: ArchSpec; onChange: (s: ArchSpec) => void }) {
  const dense = spec.family === 'mlp' ? spec.hidden : spec.dense;
  const denseText = dense.join('-');
  const [widths, setWidths] = useState(denseText);
  useEffect(() => setWidths(denseText), [denseText]);
  const setDense = (text: string) => {
    if (!/^(\d+(-\d+)*)?$/.test(text)) return;
    const list = text ? text.split('-').map(Number) : [];
    onChange(spec.family === 'mlp' ? { ...spec, hidden: list } : { ...spec, dense: list });
  };
  const setFamily = (family: ArchSpec['family']) =>
    onChange(family === 'mlp' ? { family, hidden: dense, activation: spec.activation } : { ...PAPER_CNN, dense, activation: spec.activation });
  return (
    <fieldset className="builder">
      <legend>Builder</legend>
      <div className="row wrap" role="radiogroup" aria-label="Network family">
        {(['mlp', 'cnn'] as const).map((f) => (
          <label key={f}><input type="radio" name="family" checked={spec.family === f} onChange={() => setFamily(f)} data-testid={`arch-family-${f}`} /> {f === 'mlp' ? 'MLP' : 'CNN'}</label>
        ))}
      </div>
      {spec.family === 'cnn' && <CnnBlocks blocks={spec.blocks} onChange={(blocks) => onChange({ ...spec, blocks })} />}
      <label className="stack" title="Widths of the hidden dense layers, e.g. 128-64; empty for none">
        Hidden dense layers
        <input type="text" value={widths} placeholder="e.g. 128-64 (empty: none)" data-testid="arch-widths"
          onChange={(e) => setWidths(e.target.value)} onBlur={() => setDense(widths)} onKeyDown={(e) => { if (e.key === 'Enter') setDense(widths); }} />
      </label>
      <label className="stack" title="The non-linearity after every hidden layer">
        Activation
        <select value={spec.activation} data-testid="arch-activation" onChange={(e) => onChange({ ...spec, activation: e.target.value as Activation })}>
          <option value="relu">relu</option>
          <option value="tanh">tanh</option>
        </select>
      </label>
    </fieldset>
  );
}
