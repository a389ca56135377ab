/** Small, shared formatting for labels, the insight panel and exports. */
import type { ExperimentConfig } from '../experiment/fields';
import { usesField } from '../experiment/rules';

export const formatCount = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toPrecision(3)} ${units[i]}`;
}

export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec)) return '–';
  if (sec < 60) return `${Math.round(sec)} s`;
  if (sec < 3600) return `${Math.floor(sec / 60)} min ${Math.round(sec % 60)} s`;
  return `${Math.floor(sec / 3600)} h ${Math.round((sec % 3600) / 60)} min`;
}

/** A run's key settings in one line: the legend and the runs list. */
export function runLabel(c: ExperimentConfig): string {
  const d = usesField(c.method, 'd') ? ` d=${c.d}` : '';
  const redraw = usesField(c.method, 'redraw') ? ` redraw=${c.redraw}` : '';
  return `${c.method}${d}${redraw} η=${c.lr}`;
}

export const percent = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '–' : `${(100 * x).toFixed(1)}%`);
