/**
 * Train together (docs/design.md §13): the room and its NATS server as fields of the
 * experiment (so a link carries them), and each room run's meter: who trains, the bytes
 * that cross a step against a gradient all-reduce, the pace, and whether θ agrees. A
 * parting of θ hashes is shown loudly, with its step.
 */
import { formatBytes } from '../state/format';
import type { Run } from '../state/runs-slice';
import type { RoomReport } from '../train/protocol';
import { ConfigText } from './ConfigInput';
import { useApp } from './use-app';

export function RoomPanel() {
  const runs = useApp((s) => s.runs.filter((r) => r.room));
  return (
    <section className="room" aria-labelledby="room-h" data-testid="room-panel">
      <h2 id="room-h">Train together <span className="meta">members with the same seed exchange only their Σd_k coordinates a step</span></h2>
      <div className="room-fields">
        <ConfigText name="room" inputMode="text" />
        <ConfigText name="nats" inputMode="text" note="none: the tabs of this browser (open the same link in another tab)" />
      </div>
      {runs.map((r) => <Meter key={r.id} run={r} room={r.room!} />)}
    </section>
  );
}

function Meter({ run, room }: { run: Run; room: RoomReport }) {
  const hash = room.lastHash;
  return (
    <div className="room-meter" data-testid={`room-${run.id}`} data-member={room.member ?? ''} data-members={room.members.join(',')}
      data-step={room.step} data-agree={hash ? String(hash.agree) : ''} data-parted={room.parted ? room.parted.step : ''}>
      <p><strong>{room.name}</strong> via {room.via} · member {room.member ?? '…'} of [{room.members.join(', ')}] · step {room.step}
        {' '}· {room.stepsPerSec.toFixed(1)} steps/s, computing {room.computeMsPerStep.toFixed(0)} ms and waiting {room.waitMsPerStep.toFixed(0)} ms a step</p>
      <p>Sent {formatBytes(room.sentPerStep)} and received {formatBytes(room.receivedPerStep)} a step ({formatBytes(room.sentBytes + room.receivedBytes)} in all),
        {' '}against {formatBytes(room.allReducePerStep)} a step for one worker's gradient all-reduce
        {room.sentPerStep > 0 && <> ({(room.allReducePerStep / room.sentPerStep).toFixed(0)}× more)</>}.</p>
      <p className="meta">Each step regenerates {room.regeneratedPerStep.toExponential(2)} basis entries (W·Σd_k·D, growing with W); the update sums {room.stepScale} members' steps, so it is {room.stepScale}× one member's.</p>
      {hash && <p className={hash.agree ? 'meta' : 'problem'}>θ hashes after step {hash.step}: {hash.agree ? `${hash.members} members agree` : 'DIFFER'}</p>}
      {room.parted && <p className="problem" role="alert">θ hashes parted after step {room.parted.step}: {room.parted.hashes.map(([m, h]) => `member ${m} ${h}`).join(', ')};
        {' '}member {room.parted.resync.join(', ')} took member {room.parted.reference}'s θ of that step (the drift is in the log below)</p>}
      {room.events.length > 0 && <ul className="meta">{room.events.map((e, i) => <li key={i}>{e}</li>)}</ul>}
    </div>
  );
}
