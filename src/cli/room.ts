/**
 * `npm run train -- --room NAME --nats URL`: this process is one member of a room
 * (docs/design.md §13). Several processes, on one machine or several, that give the same
 * experiment and room train one model together through one NATS server, exchanging only
 * their coordinates. Prints who joined and left, the θ hashes as they agree (or the step
 * where they part), and the communication meter at the end.
 */
import { writeFileSync } from 'node:fs';
import { connect } from '@nats-io/transport-node';
import type { Dataset } from '../data/dataset';
import { InputError } from '../engine/errors';
import type { ExperimentConfig } from '../experiment/fields';
import { roomProblem, roomSteps, roomText } from '../experiment/room';
import { toRunConfig } from '../experiment/run';
import { allReduceBytes } from '../subspace/transport';
import type { RoomEvent } from '../train/room/records';
import { memberLine } from '../train/room/lines';
import { RoomMember } from '../train/room/member';
import { natsRoom } from '../train/room/nats';
import { ROOM_SLOTS } from '../train/room-run';
import { Trainer } from '../train/trainer';

export interface RoomFlags {
  nats?: string;
  quorum: number;
  deadline?: number;
  hashEvery: number;
  theta?: string;
  json?: string;
}

/** The log's events as the lines a researcher reads; a parting of hashes is never quiet. */
function describe(event: RoomEvent, self: number | null): string | null {
  switch (event.kind) {
    case 'live': return `member ${event.member} changed ${JSON.stringify(event.change.patch)} from step ${event.change.step}`;
    case 'hashes': return event.agree ? null : `θ HASHES PARTED after step ${event.step}: ${event.hashes.map(([m, h]) => `member ${m} ${h}`).join(', ')}; member(s) ${event.resync.join(', ')} take member ${event.reference}'s θ`;
    case 'rejected': return `room: ${event.why}`;
    default: return memberLine(event, self, 'this process');
  }
}

export async function trainInRoom(device: GPUDevice, experiment: ExperimentConfig, dataset: Dataset, flags: RoomFlags): Promise<number> {
  const room = experiment.room!;
  if (!flags.nats) throw new InputError('--nats', 'a room needs the NATS server every member reaches, e.g. --nats nats://127.0.0.1:4222');
  const problem = roomProblem(experiment);
  if (problem) throw new InputError(`--${problem.field}`, problem.message);
  if (flags.quorum > ROOM_SLOTS) throw new InputError('--quorum', `a room holds at most ${ROOM_SLOTS} members at once, got ${flags.quorum}`);
  const config = toRunConfig(experiment, dataset.classes);
  let nc;
  // Once in, a lost server is waited for (the room pauses, room/nats.ts), however long it takes: Ctrl-C ends the wait.
  try { nc = await connect({ servers: flags.nats, timeout: 5000, maxReconnectAttempts: -1, reconnectTimeWait: 500 }); } catch (e) {
    throw new InputError('--nats', `cannot reach ${flags.nats}: ${(e as Error).message}`);
  }
  const trainer = await Trainer.create(device, dataset, config, ROOM_SLOTS);
  let member: RoomMember | null = null;
  const transport = await natsRoom(nc, room, (e, fatal) => (fatal ? member?.abort(e) : console.error(`room '${room}': a record was skipped: ${e.message}`)));
  const steps = roomSteps(experiment, dataset.train.count, flags.quorum);
  const started = performance.now();
  let widest = 1;
  member = new RoomMember(trainer, transport, {
    config: roomText(experiment), room: { batch: config.batch, samples: dataset.train.count }, quorum: flags.quorum,
    deadline: flags.deadline, steps, hashEvery: flags.hashEvery,
    onEvent: (event, self) => {
      if (event.kind === 'complete') widest = Math.max(widest, event.members.length);
      const line = describe(event, self);
      if (line) (event.kind === 'hashes' ? console.error : console.log)(line);
    },
  });
  console.log(`room '${room}' on ${flags.nats}: waiting for ${flags.quorum} member(s) at step 0, ${steps} steps, Σd_k = ${trainer.trainedDims}, D = ${trainer.plan.D}`);
  try {
    const end = await member.join();
    if (end.kind === 'refused') throw new InputError('--room', `'${room}' refused this process: ${end.message}`);
    const theta = await trainer.readTheta();
    if (flags.theta) writeFileSync(flags.theta, theta);
    const seconds = (performance.now() - started) / 1000, s = member.stats, per = Math.max(1, s.steps);
    const meter = {
      room, member: member.id, end, steps: s.steps, seconds,
      sentBytesPerStep: transport.bytes.sent / per, readBytesPerStep: transport.bytes.received / per,
      allReduceBytesPerStep: allReduceBytes(1, trainer.plan.D), computeMsPerStep: s.computeMs / per, waitMsPerStep: s.waitMs / per,
      regeneratedEntriesPerStep: widest * trainer.trainedDims * trainer.plan.D, widestRoom: widest,
    };
    console.log(`${end.kind === 'done' ? 'done' : `left (${end.reason})`} at step ${end.step} as member ${member.id}: ${s.steps} steps in ${seconds.toFixed(1)} s`);
    console.log(`meter: sent ${meter.sentBytesPerStep.toFixed(0)} B/step, read ${meter.readBytesPerStep.toFixed(0)} B/step (the stream echoes our own), against ${meter.allReduceBytesPerStep} B/step for a gradient all-reduce; ` +
      `compute ${meter.computeMsPerStep.toFixed(1)} ms/step, waiting for the others ${meter.waitMsPerStep.toFixed(1)} ms/step; ` +
      `up to ${widest} members: ${meter.regeneratedEntriesPerStep.toExponential(2)} basis entries regenerated a step, an effective step ${widest}× one member's`);
    if (flags.json) writeFileSync(flags.json, JSON.stringify(meter, null, 1));
    return end.kind === 'done' ? 0 : 4;
  } finally {
    await transport.close().catch(() => {});
    trainer.destroy();
  }
}
