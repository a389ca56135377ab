/**
 * A room's deadline (docs/design.md §13): once an open round has waited the room's
 * `deadline` seconds, the lowest member the step is not waiting on writes an eviction of
 * those it waits on, so every member reads it at one place in the log. A clock decides
 * only when to look; what happens is a record like any other.
 */
import type { RoomLog } from './log';
import type { RoomTransport } from './transport';

export class DeadlineWatch {
  /** The open round watched ("step:round"), and its timer. */
  private watched = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `run` queues work behind the member's records, so the judgement reads the log as it then is. */
  constructor(private readonly transport: RoomTransport, private readonly run: (work: () => Promise<void>) => void, private readonly self: () => number | null) {}

  /** Called after each record: starts the clock when a new round opens. */
  watch(log: RoomLog | null): void {
    const open = log?.state.open;
    const key = open ? `${open.step}:${open.round}` : '';
    if (key === this.watched) return;
    this.stop();
    this.watched = key;
    if (!open || !log) return;
    this.timer = setTimeout(() => this.run(async () => {
      const now = log.state.open;
      if (!now || `${now.step}:${now.round}` !== key) return;
      const waiting = log.waitingFor();
      if (now.members.find((m) => !waiting.includes(m)) !== this.self()) return;
      for (const m of waiting) {
        this.transport.post({ kind: 'leave', member: m, reason: `silent past the room's ${log.state.deadline} s deadline at step ${now.step}` });
      }
    }), log.state.deadline * 1000);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.watched = '';
  }
}
