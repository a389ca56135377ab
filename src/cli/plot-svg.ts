/**
 * The sweep's figure as an SVG file, written without a browser so the README can embed
 * it: final test accuracy against d on a log axis, a line per method (with its band over
 * seeds), the sgd baseline, the threshold, and each method's d_int90 marked.
 */
import { formatIntrinsicDim } from '../experiment/intrinsic';
import type { SweepSummary } from '../experiment/sweep';

const W = 720, H = 400, L = 56, R = 230, T = 34, B = 48;
// Okabe–Ito colours, as the page's runs use: readable for colour-blind readers.
const COLOR = { fpd: '#d55e00', rbd: '#009e73', sgd: '#0072b2', threshold: '#7f7f7f' } as const;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const f = (x: number) => x.toFixed(1);

export function sweepSvg(summary: SweepSummary, grid: readonly number[], title: string, caption: string): string {
  const [lo, hi] = [Math.log(grid[0] / 1.3), Math.log(grid[grid.length - 1] * 1.3)];
  const x = (d: number) => L + ((Math.log(d) - lo) / (hi - lo)) * (W - L - R);
  const y = (acc: number) => T + (1 - acc) * (H - T - B);
  const out: string[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number, attrs: string) => out.push(`<line x1="${f(x1)}" y1="${f(y1)}" x2="${f(x2)}" y2="${f(y2)}" ${attrs}/>`);
  const text = (tx: number, ty: number, s: string, attrs = '') => out.push(`<text x="${f(tx)}" y="${f(ty)}" ${attrs}>${esc(s)}</text>`);

  for (let a = 0; a <= 1.0001; a += 0.2) {
    line(L, y(a), W - R, y(a), 'stroke="#e5e5e5"');
    text(L - 6, y(a) + 4, `${Math.round(a * 100)}%`, 'text-anchor="end"');
  }
  for (const d of grid) text(x(d), H - B + 16, String(d), 'text-anchor="middle"');
  text((L + W - R) / 2, H - 12, 'd (log scale)', 'text-anchor="middle"');
  text(L, 20, title, 'font-weight="bold"');
  line(L, T, L, H - B, 'stroke="#333"');
  line(L, H - B, W - R, H - B, 'stroke="#333"');

  const legend: [string, string, string][] = [];
  if (summary.sgd) {
    line(L, y(summary.sgd.accuracy), W - R, y(summary.sgd.accuracy), `stroke="${COLOR.sgd}" stroke-width="2" stroke-dasharray="8 4"`);
    legend.push([COLOR.sgd, `sgd ${(100 * summary.sgd.accuracy).toFixed(1)}%`, '8 4']);
  }
  if (summary.threshold !== null) {
    line(L, y(summary.threshold), W - R, y(summary.threshold), `stroke="${COLOR.threshold}" stroke-dasharray="2 3"`);
    legend.push([COLOR.threshold, `threshold ${(100 * summary.threshold).toFixed(1)}%`, '2 3']);
  }
  for (const m of summary.methods) {
    const color = COLOR[m.method];
    if (m.points.some((p) => p.seeds > 1)) {
      const band = [...m.points.map((p) => `${f(x(p.d))},${f(y(p.high))}`), ...[...m.points].reverse().map((p) => `${f(x(p.d))},${f(y(p.low))}`)];
      out.push(`<polygon points="${band.join(' ')}" fill="${color}" fill-opacity="0.15"/>`);
    }
    out.push(`<polyline points="${m.points.map((p) => `${f(x(p.d))},${f(y(p.accuracy))}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of m.points) out.push(`<circle cx="${f(x(p.d))}" cy="${f(y(p.accuracy))}" r="3" fill="${color}"/>`);
    if (m.intrinsic?.kind === 'found' && summary.threshold !== null) {
      const dx = x(m.intrinsic.interpolated);
      line(dx, y(summary.threshold), dx, H - B, `stroke="${color}" stroke-dasharray="4 3"`);
      out.push(`<path d="M${f(dx)},${f(H - B)} l-5,8 h10 z" fill="${color}"/>`);
    }
    legend.push([color, `${m.method}: d_int90 ${m.intrinsic ? formatIntrinsicDim(m.intrinsic) : 'n/a'}`, '']);
  }
  legend.forEach(([color, label, dash], i) => {
    const ly = T + 10 + i * 20;
    line(W - R + 10, ly, W - R + 30, ly, `stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}`);
    text(W - R + 34, ly + 4, label);
  });
  // The caption states what the figure was measured at; its clauses go on lines of their own.
  const clauses = caption.split('; ');
  clauses.forEach((c, i) => text(L, H + 4 + i * 13, c, 'font-size="10" fill="#555"'));
  const height = H + 8 + clauses.length * 13;
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`, ...out, '</svg>', ''].join('\n');
}
