/** A one-line progress bar with steps/s and ETA, redrawn in place on a TTY. */
export class ProgressBar {
  private start = performance.now();
  private lastDraw = 0;
  private lastLine = -Infinity;

  constructor(private total: number, private out: NodeJS.WriteStream = process.stderr, private enabled = true) {}

  /** Redraws at most 10 times a second. */
  update(done: number, extra = ''): void {
    const now = performance.now();
    if (!this.enabled || (now - this.lastDraw < 100 && done < this.total)) return;
    this.lastDraw = now;
    const seconds = (now - this.start) / 1000;
    const rate = done / Math.max(seconds, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const width = 24, filled = Math.round((width * done) / this.total);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} steps  ${rate.toFixed(1)} steps/s  ETA ${formatSeconds(eta)}  ${extra}`;
    if (this.out.isTTY) this.out.write(`\r${line.padEnd(this.out.columns ? this.out.columns - 1 : 100)}`);
    else if (done === this.total || now - this.lastLine >= 10_000) { // logs: a line every 10 s
      this.lastLine = now;
      this.out.write(`${line}\n`);
    }
  }

  finish(): void {
    if (this.enabled && this.out.isTTY) this.out.write('\n');
  }
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
