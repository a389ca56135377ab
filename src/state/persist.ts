/**
 * Runs are kept: each run and its downsampled curve live in IndexedDB (plain API, no
 * dependency) and come back after a reload (docs/design.md §10). Writes are debounced and
 * touch only runs that changed, because a live run changes every frame.
 * A run that was live when the page went away cannot resume (θ lived on the GPU), so
 * it comes back as 'interrupted'.
 */
import type { MetricPoint } from '../train/protocol';
import { decimate, MAX_POINTS, type Series } from './decimate';
import { isActive, type Run } from './runs-slice';
import type { AppStore } from './store';

const DB_NAME = 'random-bases-playground';
const DB_VERSION = 1;
const RUNS = 'runs';

export interface StoredRun { id: string; run: Run; points: MetricPoint[] }

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

export async function loadRuns(): Promise<StoredRun[]> {
  const db = await openDb();
  if (!db) return [];
  return done(db.transaction(RUNS, 'readonly').objectStore(RUNS).getAll() as IDBRequest<StoredRun[]>);
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
  const stored = await loadRuns().catch(() => []);
  const st = store.getState();
  const known = new Set(st.runs.map((r) => r.id));
  const restored = stored.filter((s) => !known.has(s.id)).sort((a, b) => a.run.createdAt - b.run.createdAt);
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

  const flush = () => {
    timer = null;
    const { runs, series } = store.getState();
    const put: StoredRun[] = [];
    for (const run of runs) {
      const last = saved.get(run.id);
      if (last && last.run === run && last.series === series[run.id]) continue;
      saved.set(run.id, { run, series: series[run.id] });
      put.push({ id: run.id, run, points: decimate(series[run.id]?.points ?? [], MAX_POINTS) });
    }
    const ids = new Set(runs.map((r) => r.id));
    const remove = [...saved.keys()].filter((id) => !ids.has(id));
    remove.forEach((id) => saved.delete(id));
    void writeRuns(put, remove).catch(() => undefined); // storage full or refused: runs still live in memory
  };

  const unsubscribe = store.subscribe((s) => [s.runs, s.series] as const, () => { timer ??= setTimeout(flush, debounceMs); },
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] });
  const onHide = () => { if (timer) { clearTimeout(timer); flush(); } };
  addEventListener('pagehide', onHide);
  return () => { unsubscribe(); removeEventListener('pagehide', onHide); if (timer) clearTimeout(timer); };
}
