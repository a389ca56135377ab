/**
 * Runs are kept: each run and its downsampled curve live in IndexedDB (plain API, no
 * dependency) and come back after a reload (docs/design.md §10). Writes are debounced and
 * touch only runs that changed, because a live run changes every frame.
 * A run that was live when the page went away cannot resume (θ lived on the GPU), so
 * it comes back as 'interrupted'.
 */
import type { MetricPoint } from '../train/protocol';
import { decimate, MAX_POINTS, type Series } from './decimate';
import { checkConfig } from '../experiment/config';
import { DEFAULT_CONFIG } from '../experiment/fields';
import { isActive, type Run } from './runs-slice';
import type { AppStore } from './store';

const DB_NAME = 'random-bases-playground';
const DB_VERSION = 1;
const RUNS = 'runs';

/** The shape of a stored run; a record of another version is skipped, never read as this one. */
export const STORED_SCHEMA = 1;

export interface StoredRun { schema: typeof STORED_SCHEMA; id: string; run: Run; points: MetricPoint[] }

/** A stored record as this version can use it, or why not (named by the run, so the notice can say which). */
export function checkStoredRun(raw: unknown): { ok: StoredRun } | { skip: string } {
  const r = raw as Partial<StoredRun> | null;
  const name = typeof r?.id === 'string' ? `'${r.id}'` : 'without an id';
  if (!r || typeof r !== 'object') return { skip: 'A stored run is not a record; skipped.' };
  if (r.schema !== STORED_SCHEMA) return { skip: `Run ${name} was stored by another version of the playground (schema ${String(r.schema ?? 'none')}, this one reads ${STORED_SCHEMA}); skipped.` };
  if (r.run && typeof r.run === 'object') r.run = { ...r.run, config: withDefaults(r.run.config), live: withDefaults(r.run.live) } as Run;
  const problem = !r.run || typeof r.run !== 'object' ? 'no run' : r.run.id !== r.id ? 'its id does not match'
    : !r.run.config || checkConfig(r.run.config).errors.length ? 'its config does not read back'
    : !Array.isArray(r.points) || !r.points.every((p) => p && Number.isFinite(p.step)) ? 'its curve is not a list of points' : null;
  return problem ? { skip: `Run ${name} is corrupt in storage (${problem}); skipped, the others are kept.` } : { ok: r as StoredRun };
}

/** A config stored before some fields existed: each missing field reads as its default. */
const withDefaults = (config: unknown): unknown =>
  config && typeof config === 'object' ? { ...DEFAULT_CONFIG, ...config } : config;

const done = <T>(req: IDBRequest<T>) => new Promise<T>((ok, fail) => { req.onsuccess = () => ok(req.result); req.onerror = () => fail(req.error); });
const committed = (tx: IDBTransaction) => new Promise<void>((ok, fail) => { tx.oncomplete = () => ok(); tx.onerror = tx.onabort = () => fail(tx.error); });

let dbPromise: Promise<IDBDatabase | null> | null = null;

/** The database, or null where IndexedDB is missing or refused (private modes, Node). */
export function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  dbPromise ??= new Promise((ok) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => { if (!req.result.objectStoreNames.contains(RUNS)) req.result.createObjectStore(RUNS, { keyPath: 'id' }); };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => ok(null);
    req.onblocked = () => ok(null);
  });
  return dbPromise;
}

export async function loadRuns(): Promise<unknown[]> {
  const db = await openDb();
  if (!db) return [];
  return done(db.transaction(RUNS, 'readonly').objectStore(RUNS).getAll() as IDBRequest<unknown[]>);
}

export async function writeRuns(put: StoredRun[], remove: string[]): Promise<void> {
  const db = await openDb();
  if (!db || (!put.length && !remove.length)) return;
  const tx = db.transaction(RUNS, 'readwrite');
  const os = tx.objectStore(RUNS);
  put.forEach((r) => os.put(r));
  remove.forEach((id) => os.delete(id));
  await committed(tx);
}

/** A stored curve as a Series that will not grow again. */
const frozenSeries = (points: MetricPoint[]): Series => ({ points, stride: 1, seen: points.length, tailIsExtra: false });

/** Restores stored runs (before any new ones), then keeps the database in step with the store. */
export async function startPersistence(store: AppStore, debounceMs = 1000): Promise<() => void> {
  const records = (await loadRuns().catch(() => [])).map(checkStoredRun);
  const stored = records.flatMap((c) => ('ok' in c ? [c.ok] : []));
  const skipped = records.flatMap((c) => ('skip' in c ? [c.skip] : []));
  const st = store.getState();
  const known = new Set(st.runs.map((r) => r.id));
  const restored = stored.filter((s) => !known.has(s.id)).sort((a, b) => a.run.createdAt - b.run.createdAt);
  if (skipped.length) {
    let id = Math.max(0, ...st.notices.map((n) => n.id));
    store.setState({ notices: [...st.notices, ...skipped.map((message) => ({ id: ++id, kind: 'storage' as const, message }))] });
  }
  if (restored.length) {
    store.setState({
      runs: [...restored.map(({ run }) => (isActive(run) ? { ...run, status: 'interrupted' as const, message: 'the page was closed while it ran' } : run)), ...st.runs],
      series: { ...Object.fromEntries(restored.map((s) => [s.id, frozenSeries(s.points)])), ...st.series },
    });
  }

  // What was last written, by identity: the store replaces objects that change.
  const saved = new Map<string, { run: Run; series: Series | undefined }>(
    store.getState().runs.map((r) => [r.id, { run: r, series: store.getState().series[r.id] }]),
  );
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;

  const flush = () => {
    timer = null;
    const { runs, series } = store.getState();
    const put: StoredRun[] = [];
    for (const run of runs) {
      const last = saved.get(run.id);
      if (last && last.run === run && last.series === series[run.id]) continue;
      saved.set(run.id, { run, series: series[run.id] });
      put.push({ schema: STORED_SCHEMA, id: run.id, run, points: decimate(series[run.id]?.points ?? [], MAX_POINTS) });
    }
    const ids = new Set(runs.map((r) => r.id));
    const remove = [...saved.keys()].filter((id) => !ids.has(id));
    remove.forEach((id) => saved.delete(id));
    // Storage full or refused: say so once; the runs still live in memory and go on training.
    void writeRuns(put, remove).catch((e: Error) => {
      if (warned) return;
      warned = true;
      const full = e?.name === 'QuotaExceededError';
      const notices = store.getState().notices, id = Math.max(0, ...notices.map((n) => n.id)) + 1;
      store.setState({ notices: [...notices, { id, kind: 'storage', message: full ? 'Browser storage is full: runs are no longer saved. Training goes on; export or delete runs to make room.' : `Runs could not be saved (${e?.message ?? e}). Training goes on.` }] });
    });
  };

  const unsubscribe = store.subscribe((s) => [s.runs, s.series] as const, () => { timer ??= setTimeout(flush, debounceMs); },
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] });
  const onHide = () => { if (timer) { clearTimeout(timer); flush(); } };
  addEventListener('pagehide', onHide);
  return () => { unsubscribe(); removeEventListener('pagehide', onHide); if (timer) clearTimeout(timer); };
}
