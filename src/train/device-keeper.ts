/**
 * The worker's device: created once, or none where WebGPU is missing (runs then use
 * the CPU engine, docs/design.md §10); recreated when it is lost, after which the host
 * restores every run from its last checkpoint.
 */
import { bufferLedger } from '../engine/buffers';
import { getDevice, type DeviceInfo } from '../engine/device';
import type { Dataset } from '../data/dataset';
import type { RunConfig } from '../experiment/run';
import { CpuTrainer } from './cpu-trainer';
import type { RunEngine } from './engine';
import type { FromWorker } from './protocol';
import { Trainer } from './trainer';

export class DeviceKeeper {
  private device: GPUDevice | null = null;
  /** No adapter: runs use the CPU engine. */
  private cpuOnly = false;

  /**
   * `onLost` runs at once when the device goes (the runs stop using it), `onRecovered`
   * once it has been replaced (or the CPU engine taken
   * instead); `acquire` gets a device (tests pass theirs).
   */
  constructor(
    private readonly post: (m: FromWorker) => void,
    private readonly onLost: () => void,
    private readonly onRecovered: () => Promise<void>,
    private readonly acquire: () => Promise<DeviceInfo> = () => getDevice('worker'),
  ) {}

  /** Gets a device, and says which engine runs: `ready` or `noWebGPU`. */
  async init(): Promise<void> {
    try {
      const { device, adapterName, isSoftware } = await this.acquire();
      this.device = device;
      this.cpuOnly = false;
      device.lost.then((info) => this.handleLoss(info));
      const { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } = device.limits;
      this.post({ type: 'ready', adapterName, isSoftware, limits: { maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupsPerDimension } });
    } catch (e) {
      this.cpuOnly = true;
      this.post({ type: 'noWebGPU', message: (e as Error).message, cpuFallback: true });
    }
  }

  /** A new engine for `config`: on the GPU, or on the CPU where there is no WebGPU. */
  async createEngine(dataset: Dataset, config: RunConfig): Promise<RunEngine> {
    if (this.device) return Trainer.create(this.device, dataset, config);
    if (this.cpuOnly) return CpuTrainer.create(dataset, config);
    throw new Error('WebGPU is not ready');
  }

  /** A room member's engine: the GPU's only, with `slots` rows of coordinates (room-run.ts). */
  createRoomEngine(dataset: Dataset, config: RunConfig, slots: number): Promise<Trainer> {
    if (!this.device) return Promise.reject(new Error('a room needs WebGPU: the CPU reference cannot regenerate the other members\' bases fast enough'));
    return Trainer.create(this.device, dataset, config, slots);
  }

  /** Whether the device is lost, or says so within a moment (a failed readback can come first). */
  lostSoon(ms = 500): Promise<boolean> {
    const device = this.device;
    if (!device) return Promise.resolve(true);
    return Promise.race([device.lost.then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), ms))]);
  }

  /** The buffer ledger of the device (0 and 0 without one). */
  ledger(): { buffers: number; bytes: number } {
    return this.device ? bufferLedger(this.device) : { buffers: 0, bytes: 0 };
  }

  /** Destroys the device, as a test's injected loss: device.lost then says 'destroyed', handled like any loss. */
  destroyDevice(): void {
    this.device?.destroy();
  }

  /**
   * What device.lost delivers, whatever the reason: the worker never destroys its device
   * itself but for a test's injected loss, so 'destroyed' is recovered from too.
   */
  async handleLoss(info: Pick<GPUDeviceLostInfo, 'reason' | 'message'>): Promise<void> {
    this.post({ type: 'deviceLost', message: info.message || `the device was ${info.reason}`, recovering: true });
    this.onLost();
    this.device = null;
    await this.init();
    await this.onRecovered();
  }
}
