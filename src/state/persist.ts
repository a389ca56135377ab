/**
 * Runs are kept: each run and its downsampled curve live in IndexedDB (plain API, no
 * dependency) and come back after a reload (docs/design.md §10). Writes are debounced and
 * touch only runs that changed, because a live run changes every frame. A live run's
 * latest checkpoint is kept beside it (state/checkpoints.ts), written in the same
 * transaction as its curve, so the curve always reaches the checkpoint's step. A run
 * that was live when the page went away comes back 'interrupted', and one with a
 * checkpoint can continue from it (state/resume.ts).
 */
import type { Checkpoint, MetricPoint } from '../train/protocol';
import { decimate, MAX_POINTS, type Series } from './decimate';
import { checkConfig } from '../experiment/config';
import { checkStoredCheckpoint, CHECKPOINT_SCHEMA, type StoredCheckpoint } from './checkpoints';
import { DEFAULT_CONFIG } from '../experiment/fields';
import { isActive, storesRun, type Run } from './runs-slice';
import type { AppStore } from './store';

const DB_NAME = 'random-bases-playground';
/** 1: runs; 2: and their checkpoints. */
const DB_VERSION = 2;
const RUNS = 'runs';
const CHECKPOINTS = 'checkpoints';

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
    // From no database or from version 1 (runs only): each store is made where missing, nothing stored is touched.
    req.onupgradeneeded = () => {
      for (const name of [RUNS, CHECKPOINTS]) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: 'id' });
    };
    req.onsuccess = () => {
      // A newer page in another tab wants to upgrade: let it (this page's later writes then fail, and it says so).
      req.result.onversionchange = () => req.result.close();
      ok(req.result);
    };
    req.onerror = () => ok(null);
    req.onblocked = () => ok(null);
  });
  return dbPromise;
}

/** Every stored run and checkpoint record, unchecked. */
export async function loadRuns(): Promise<{ runs: unknown[]; checkpoints: unknown[] }> {
  const db = await openDb();
  if (!db) return { runs: [], checkpoints: [] };
  const tx = db.transaction([RUNS, CHECKPOINTS], 'readonly');
  const [runs, checkpoints] = await Promise.all([RUNS, CHECKPOINTS].map((name) => done(tx.objectStore(name).getAll() as IDBRequest<unknown[]>)));
  return { runs, checkpoints };
}

/** What one flush changes: runs and checkpoints to put, ids whose run or checkpoint goes. */
export interface Writes { runs: StoredRun[]; checkpoints: StoredCheckpoint[]; removeRuns: string[]; removeCheckpoints: string[] }

/** One transaction: a checkpoint is never stored without the curve up to its step. */
export async function writeRuns(w: Writes): Promise<void> {
  const db = await openDb();
  if (!db || !(w.runs.length + w.checkpoints.length + w.removeRuns.length + w.removeCheckpoints.length)) return;
  const tx = db.transaction([RUNS, CHECKPOINTS], 'readwrite');
  const runs = tx.objectStore(RUNS), checkpoints = tx.objectStore(CHECKPOINTS);
  w.runs.forEach((r) => runs.put(r));
  w.checkpoints.forEach((c) => checkpoints.put(c));
  w.removeRuns.forEach((id) => runs.delete(id));
  w.removeCheckpoints.forEach((id) => checkpoints.delete(id));
  await committed(tx);
}

/** A stored curve as a Series; it grows again only if its run continues. */
const frozenSeries = (points: MetricPoint[]): Series => ({ points, stride: 1, seen: points.length, tailIsExtra: false });

/** Restores stored runs (before any new ones), then keeps the database in step with the store. */
export async function startPersistence(store: AppStore, debounceMs = 1000): Promise<() => void> {
  const loaded = await loadRuns().catch(() => ({ runs: [], checkpoints: [] }));
  const records = loaded.runs.map(checkStoredRun);
  const stored = records.flatMap((c) => ('ok' in c ? [c.ok] : []));
  const st = store.getState();
  const known = new Set(st.runs.map((r) => r.id));
  const restored = stored.filter((s) => !known.has(s.id)).sort((a, b) => a.run.createdAt - b.run.createdAt);
  // Only a run that was live when a page went away (this one or an earlier one) has a checkpoint to continue from.
  const resumable = new Map(restored.filter((s) => isActive(s.run) || s.run.status === 'interrupted').map((s) => [s.id, s.run]));
  const checks = loaded.checkpoints.map((c) => checkStoredCheckpoint(c, resumable));
  const checkpoints = Object.fromEntries(checks.flatMap((c) => ('ok' in c ? [[c.ok.id, c.ok.checkpoint] as const] : [])));
  const skipped = [...records, ...checks].flatMap((c) => ('skip' in c ? [c.skip] : []));
  if (skipped.length) {
    let id = Math.max(0, ...st.notices.map((n) => n.id));
    store.setState({ notices: [...st.notices, ...skipped.map((message) => ({ id: ++id, kind: 'storage' as const, message }))] });
  }
  if (restored.length) {
    store.setState({
      runs: [...restored.map(({ run }) => (isActive(run) ? { ...run, status: 'interrupted' as const, message: 'the page was closed while it ran' } : run)), ...st.runs],
      series: { ...Object.fromEntries(restored.map((s) => [s.id, frozenSeries(s.points)])), ...st.series },
      checkpoints: { ...checkpoints, ...st.checkpoints },
    });
  }

  // What was last written, by identity: the store replaces objects that change.
  const now = store.getState();
  const saved = new Map<string, { run: Run; series: Series | undefined; checkpoint: Checkpoint | undefined }>(
    now.runs.map((r) => [r.id, { run: r, series: now.series[r.id], checkpoint: now.checkpoints[r.id] }]),
  );
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;

  const flush = () => {
    timer = null;
    const { runs, series, checkpoints } = store.getState();
    const w: Writes = { runs: [], checkpoints: [], removeRuns: [], removeCheckpoints: [] };
    for (const run of runs.filter(storesRun)) {
      const last = saved.get(run.id), checkpoint = checkpoints[run.id];
      if (last && last.run === run && last.series === series[run.id] && last.checkpoint === checkpoint) continue;
      saved.set(run.id, { run, series: series[run.id], checkpoint });
      w.runs.push({ schema: STORED_SCHEMA, id: run.id, run, points: decimate(series[run.id]?.points ?? [], MAX_POINTS) });
      if (checkpoint && checkpoint !== last?.checkpoint) w.checkpoints.push({ schema: CHECKPOINT_SCHEMA, id: run.id, checkpoint });
      if (!checkpoint && last?.checkpoint) w.removeCheckpoints.push(run.id);
    }
    const ids = new Set(runs.filter(storesRun).map((r) => r.id));
    w.removeRuns = [...saved.keys()].filter((id) => !ids.has(id));
    w.removeRuns.forEach((id) => saved.delete(id));
    w.removeCheckpoints.push(...w.removeRuns);
    // Storage full or refused: say so once; the runs still live in memory and go on training.
    void writeRuns(w).catch((e: Error) => {
      if (warned) return;
      warned = true;
      const full = e?.name === 'QuotaExceededError';
      const notices = store.getState().notices, id = Math.max(0, ...notices.map((n) => n.id)) + 1;
      store.setState({ notices: [...notices, { id, kind: 'storage', message: full ? 'Browser storage is full: runs are no longer saved. Training goes on; export or delete runs to make room.' : `Runs could not be saved (${e?.message ?? e}). Training goes on.` }] });
    });
  };

  const unsubscribe = store.subscribe((s) => [s.runs, s.series, s.checkpoints] as const, () => { timer ??= setTimeout(flush, debounceMs); },
    { equalityFn: (a, b) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] });
  const onHide = () => { if (timer) { clearTimeout(timer); flush(); } };
  addEventListener('pagehide', onHide);
  return () => { unsubscribe(); removeEventListener('pagehide', onHide); if (timer) clearTimeout(timer); };
}
