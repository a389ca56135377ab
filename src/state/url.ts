/**
 * Keeps the config and the address bar in step (docs/design.md §10):
 * - a bare address opens on the first preset's experiment (OPENING);
 * - on load, the query is parsed and its problems shown per field, and the canonical
 *   query is written back with replaceState (so the bar always shows what runs);
 * - each edit writes the canonical URL; a burst of edits (a slider drag) makes one
 *   history entry, so back/forward step through real changes;
 * - popstate (back/forward) re-applies the URL without a reload; so does a hand-edited
 *   fragment like '#d=500' (a fragment edit does not reload), merged over the query.
 */
import { serializeConfig } from '../experiment/config';
import { OPENING } from './presets';
import type { AppStore } from './store';

/** Edits closer together than this share one history entry. */
const BURST_MS = 1000;

/** The query to apply: the search part, with any 'key=value' pairs in the fragment on top. */
export function queryFromLocation(loc: Pick<Location, 'search' | 'hash'>): string {
  const params = new URLSearchParams(loc.search);
  const hash = loc.hash.replace(/^#\??/, '');
  if (hash.includes('=')) for (const [k, v] of new URLSearchParams(hash)) params.set(k, v);
  // URLSearchParams.toString escapes ':'; the config parser decodes either form.
  return params.toString();
}

export function startUrlSync(store: AppStore, win: Window = window): () => void {
  let applying = false;
  let lastPush = 0;
  const canonical = () => `${win.location.pathname}?${serializeConfig(store.getState().config)}`;

  const readLocation = () => {
    applying = true;
    // A bare address opens on the minute preset's experiment: what a newcomer should see first.
    const query = queryFromLocation(win.location);
    try { store.getState().applyQuery(query || serializeConfig(OPENING)); } finally { applying = false; }
    win.history.replaceState(win.history.state, '', canonical());
  };

  readLocation();
  const unsubscribe = store.subscribe((s) => s.config, () => {
    if (applying) return;
    const url = canonical();
    if (url === win.location.pathname + win.location.search) return;
    const now = Date.now();
    if (now - lastPush > BURST_MS) win.history.pushState(null, '', url);
    else win.history.replaceState(win.history.state, '', url);
    lastPush = now;
  });
  win.addEventListener('popstate', readLocation);
  return () => { unsubscribe(); win.removeEventListener('popstate', readLocation); };
}

/** Copies the link; false when the clipboard is unavailable (insecure origin, denied), so the UI shows a text field instead. */
export async function copyLink(url: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false;
    await navigator.clipboard.writeText(url);
    return true;
  } catch {
    return false;
  }
}
