/** The room's story as lines a person reads, the same in the CLI and the page. */
import type { RoomEvent } from './records';

/**
 * A join, a leave, a resync or the server's news as a line of the room's story ("member 2
 * left at step 95: its tab closed"); `here` marks this member's own. Null: not a line.
 */
export function memberLine(event: RoomEvent, self: number | null, here: string): string | null {
  switch (event.kind) {
    case 'joined': return `member ${event.member} joined from step ${event.from}${event.member === self ? ` (${here})` : ''}`;
    case 'left': return `member ${event.member} left at step ${event.step}: ${event.reason}`;
    case 'resynced': return `member ${event.member} took θ of step ${event.step} from member ${event.from}: it had drifted by ${event.maxDrift.toExponential(1)} at most (${event.relDrift.toExponential(1)} relative)`;
    case 'refounded': return `member ${event.member} wrote the room's log anew from its θ after step ${event.step}`;
    case 'link': return event.status.kind === 'lost' ? `paused: ${event.status.reason}`
      : event.status.kind === 'back' ? "the room's server is back; going on"
        : "the room's server came back without the room's log (it restarted)";
    default: return null;
  }
}
