/**
 * Flatten reads [B, H, W, C] as [B, H·W·C]. NHWC is already that layout in memory, so the
 * layer is free: no kernel, its output aliases its input, its gradient passes through.
 * CPU twin: LAYER_TWINS.flatten in src/reference/layers.ts.
 */
import type { ViewLayer } from './descriptor';

export const flatten: ViewLayer = { view: true };
