/**
 * What workers with shared seeds send (docs/design.md §2): each its Σd_k coordinates a
 * step, since every worker regenerates every worker's directions from the seed. The
 * room's log carries them between engines apart (src/train/room/); workers in one process
 * already hold them side by side in Subspace.coordinates [W × Σd_k].
 */

/** Bytes a step's exchange of coordinates costs: W·Σd_k·4. */
export const coordinateBytes = (workers: number, dirs: number) => workers * dirs * 4;

/** Bytes a gradient all-reduce would cost instead: W·D·4. */
export const allReduceBytes = (workers: number, D: number) => workers * D * 4;
