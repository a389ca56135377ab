/** The shared WGSL of the generator, prepended to every kernel that draws random numbers. */
import philox from '../../shaders/rng/philox.wgsl?raw';
import distributions from '../../shaders/rng/distributions.wgsl?raw';

export const RNG_WGSL = `${philox}\n${distributions}\n`;
