/**
 * Workers with shared seeds (docs/design.md §2) exchange only their coordinates: Σd_k numbers
 * each. Every worker regenerates every worker's directions from the seed, so after the
 * exchange all of them apply the same update and hold identical θ.
 *
 * In-process workers on one GPU need no transport: their coordinates already live side
 * by side in Subspace.coordinates [W × Σd_k]. A Transport is for workers apart (browser
 * tabs, machines); the in-process one below defines the contract and the byte count.
 */

export interface Transport {
  /** W. */
  readonly workers: number;
  /** Σd_k: coordinates per worker. */
  readonly dirs: number;
  /**
   * Sends worker w's coordinates for this step and resolves, once every worker has sent
   * its own, to all of them as one [W × Σd_k] array (row w from worker w).
   */
  exchange(worker: number, coordinates: Float32Array): Promise<Float32Array>;
  /** Bytes on the wire per step: W·Σd_k·4. */
  readonly bytesPerStep: number;
}

/** Bytes a step's exchange of coordinates costs: W·Σd_k·4. */
export const coordinateBytes = (workers: number, dirs: number) => workers * dirs * 4;

/** Bytes a gradient all-reduce would cost instead: W·D·4. */
export const allReduceBytes = (workers: number, D: number) => workers * D * 4;

/** W workers in one process: a rendezvous that completes when all W have sent. */
export function createInProcessTransport(workers: number, dirs: number): Transport {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new Error(`transport: workers must be a whole number ≥ 1, got ${workers}`);
  let round = new Float32Array(workers * dirs);
  let sent = new Set<number>();
  let waiting: ((all: Float32Array) => void)[] = [];
  return {
    workers,
    dirs,
    bytesPerStep: coordinateBytes(workers, dirs),
    exchange(worker, coordinates) {
      if (!(Number.isInteger(worker) && worker >= 0 && worker < workers)) throw new Error(`transport: worker ${worker} is not in [0, ${workers})`);
      if (coordinates.length !== dirs) throw new Error(`transport: worker ${worker} sent ${coordinates.length} coordinates, expected Σd_k = ${dirs}`);
      if (sent.has(worker)) throw new Error(`transport: worker ${worker} sent twice in one step`);
      round.set(coordinates, worker * dirs);
      sent.add(worker);
      const result = new Promise<Float32Array>((resolve) => waiting.push(resolve));
      if (sent.size === workers) {
        const all = round, done = waiting;
        round = new Float32Array(workers * dirs);
        sent = new Set();
        waiting = [];
        for (const resolve of done) resolve(all.slice());
      }
      return result;
    },
  };
}
