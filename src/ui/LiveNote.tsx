/** Says, while runs are live, whether an edit to this field reaches them now or only the next run. */
import type { ConfigKey } from '../experiment/fields';
import { LIVE_KEYS } from '../experiment/live';
import { isActive } from '../state/runs-slice';
import { useApp } from './use-app';

export function LiveNote({ name }: { name: ConfigKey }) {
  const live = useApp((s) => s.runs.some(isActive));
  if (!live) return null;
  return (LIVE_KEYS as readonly string[]).includes(name)
    ? <span className="live-note">applies live, at the next step</span>
    : <span className="next-note">applies to the next run</span>;
}
