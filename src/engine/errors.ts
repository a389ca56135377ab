/** Errors the engine raises. Each message names the thing and the problem. */

/** WebGPU is missing or no adapter/device could be created. */
export class NoWebGPUError extends Error {
  override name = 'NoWebGPUError';
}

/** A WGSL module failed to compile; `messages` carry line:column. */
export class ShaderCompileError extends Error {
  override name = 'ShaderCompileError';
  constructor(label: string, readonly messages: string[]) {
    super(`shader '${label}' failed to compile:\n${messages.join('\n')}`);
  }
}

/** A configuration does not fit the device; the message names the limit. */
export class DeviceLimitError extends Error {
  override name = 'DeviceLimitError';
  constructor(what: string, readonly limit: string, readonly needed: number, readonly allowed: number) {
    super(`${what} needs ${limit} = ${needed}, but this device allows ${allowed}`);
  }
}

/** A GPU validation or out-of-memory error reported by an error scope. */
export class GPUValidationError extends Error {
  override name = 'GPUValidationError';
}

/**
 * Invalid user input: a field, a flag or a file. `field` names it and `problem` says what
 * is wrong, so a caller can put the problem under its own name (a URL field, a --flag)
 * without editing the message.
 */
export class InputError extends Error {
  override name = 'InputError';
  constructor(readonly field: string, readonly problem: string) {
    super(`${field}: ${problem}`);
  }
}
