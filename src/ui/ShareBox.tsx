/**
 * Share: copies the canonical link (the address bar always holds it). Where the
 * clipboard is refused, the link is shown selected in a text field instead. A pasted or
 * hand-edited link applies here without a reload.
 */
import { useState } from 'react';
import { copyLink } from '../state/url';
import { useApp } from './use-app';

export function ShareBox() {
  const applyQuery = useApp((s) => s.applyQuery);
  const [state, setState] = useState<'idle' | 'copied' | 'manual'>('idle');
  const [url, setUrl] = useState('');
  const [edit, setEdit] = useState('');

  const share = async () => {
    const link = location.href;
    setUrl(link);
    setState((await copyLink(link)) ? 'copied' : 'manual');
  };
  const apply = () => {
    try {
      const u = new URL(edit.trim(), location.href);
      applyQuery(u.search || u.hash.replace(/^#/, ''));
      setEdit('');
    } catch { /* not a URL: leave the text for the user to fix */ }
  };
  return (
    <div className="share">
      <button type="button" data-testid="share-button" onClick={share} title="Copy a link that reproduces this experiment">Share</button>
      <span role="status" data-testid="share-status">{state === 'copied' ? 'Link copied' : ''}</span>
      {state === 'manual' && (
        <label className="stack">
          Copy this link:
          <input type="text" readOnly value={url} data-testid="share-url" autoFocus onFocus={(e) => e.target.select()} />
        </label>
      )}
      <details>
        <summary>Open a link…</summary>
        <form className="row" onSubmit={(e) => { e.preventDefault(); apply(); }}>
          <label htmlFor="apply-link" className="sr-only">Paste a playground link or a query such as ?d=500&amp;method=fpd</label>
          <input id="apply-link" type="text" value={edit} placeholder="?d=500&method=fpd" data-testid="apply-link" onChange={(e) => setEdit(e.target.value)} />
          <button type="submit">Apply</button>
        </form>
      </details>
    </div>
  );
}
