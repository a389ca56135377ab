/**
 * The typed test API on `window.__playground`. End-to-end tests assert through it,
 * never through chart pixels.
 */
import type { SelfTestResult } from '../engine/selftest';

export interface PlaygroundTestApi {
  /** The adapter's name, or null when WebGPU is missing. */
  adapterName: string | null;
  /** Why WebGPU is missing, when it is. */
  error?: string;
  /** Runs the WGSL Philox on the Random123 known answers. */
  philoxSelfTest?: () => Promise<SelfTestResult>;
}

declare global {
  interface Window {
    __playground?: PlaygroundTestApi;
  }
}

export function installTestApi(api: PlaygroundTestApi): void {
  window.__playground = { ...window.__playground, ...api };
}
