/**
 * A kernel's member ids on the GPU (docs/design.md §13): slot s of project or update
 * draws with counter word w = ids[s]. Rewritten only when the ids change, so in-process
 * workers (the identity) cost no write a step.
 */
import { uploadBuffer } from '../engine/buffers';
import { checkMembers } from './checks';

export class MemberIds {
  readonly buffer: GPUBuffer;
  private readonly held: Uint32Array;
  private readonly identity: number[];

  constructor(private readonly device: GPUDevice, label: string, private readonly workers: number) {
    this.identity = Array.from({ length: workers }, (_, s) => s);
    this.held = Uint32Array.from(this.identity);
    this.buffer = uploadBuffer(device, label, this.held);
  }

  /** The slots W' a call covers; throws on bad `members` before anything is written. */
  slots(members: readonly number[] | undefined, ascending: boolean): number {
    if (members) checkMembers(members, this.workers, ascending);
    return members?.length ?? this.workers;
  }

  /** Writes `members` (default: the identity) unless they are the ids held. */
  write(members: readonly number[] = this.identity): void {
    if (!members.some((id, s) => this.held[s] !== id)) return;
    this.held.set(members);
    this.device.queue.writeBuffer(this.buffer, 0, this.held.buffer, 0, members.length * 4);
  }
}
