/**
 * Readers of one text value, shared by every field of the experiment table. Each throws
 * an Error whose message is the problem alone ("'abc' is not a number"); the caller
 * puts it under the field's name, in a link or on the command line alike.
 */
import { InputError } from '../engine/errors';

/**
 * The problem of reading `field`: an engine InputError about that same field gives its
 * problem alone (the caller names the field); any other error keeps its whole message,
 * which may name a part ("layer 1 (conv2d): …").
 */
export const problemOf = (e: unknown, field: string): string =>
  e instanceof InputError && e.field === field ? e.problem : (e as Error).message;

/** A whole number in [min, max], written in digits (an optional sign): never '1e3', '0x10' or ''. */
export function intOf(raw: string, min: number, max: number): number {
  if (!/^[+-]?\d+$/.test(raw.trim())) throw new Error(`'${raw}' is not a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new Error(`${n} is outside ${min}…${max}`);
  return n === 0 ? 0 : n; // '-0' reads as 0: -0 would not survive being written and read back
}

/** A plain decimal in (minExclusive, max]. Number() alone would take '', ' ', '0x10' and 'Infinity'. */
export function numberOf(raw: string, minExclusive: number, max: number): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw.trim())) throw new Error(`'${raw}' is not a number`);
  const x = Number(raw);
  if (!Number.isFinite(x) || x <= minExclusive || x > max) throw new Error(`${raw} is outside (${minExclusive}, ${max}]`);
  return x;
}

/** One of `options`, spelled exactly. */
export function oneOf<T extends string>(options: readonly T[]) {
  return (raw: string): T => {
    if ((options as readonly string[]).includes(raw)) return raw as T;
    throw new Error(`'${raw}' is not one of ${options.join(', ')}`);
  };
}

/** A non-empty subset of `options`, comma-separated, written back in the options' order. */
export function subsetOf<T extends string>(options: readonly T[]) {
  const one = oneOf(options);
  return (raw: string): T[] => {
    const given = raw.split(',').map(one);
    return options.filter((o) => given.includes(o));
  };
}

/** Comma-separated whole numbers in [min, max], at most `most` of them, or 'a..b': a, 2a, 4a, … up to b. Sorted, each once. */
export function listOf(raw: string, min: number, max: number, most: number): number[] {
  const range = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(raw);
  let values: number[];
  if (range) {
    const [a, b] = [intOf(range[1], Math.max(1, min), max), intOf(range[2], Math.max(1, min), max)];
    if (a > b) throw new Error(`'${raw}': the range runs from ${a} down to ${b}`);
    // Counted before it is listed, so '1..1000000' costs nothing to refuse.
    const count = Math.floor(Math.log2(b / a) + 1e-9) + 1;
    if (count > most) throw new Error(`${count} values; at most ${most}`);
    values = Array.from({ length: count }, (_, i) => a * 2 ** i);
  } else {
    values = raw.split(',').map((part) => intOf(part, min, max));
  }
  const unique = [...new Set(values)].sort((x, y) => x - y);
  if (unique.length > most) throw new Error(`${unique.length} values; at most ${most}`);
  return unique;
}

/** A room name: what a link or a flag may carry (it becomes part of lock, channel and stream names). */
const ROOM_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Reads a room name, or throws naming the problem. */
export function roomNameOf(raw: string): string {
  if (!ROOM_NAME.test(raw)) throw new Error(`'${raw.slice(0, 40)}' is not a room name: use 1–32 lower-case letters, digits and '-', starting with a letter or digit`);
  return raw;
}

/** Reads a WebSocket URL (ws:// or wss://, host and port), or throws naming the problem. */
export function wsUrlOf(raw: string): string {
  let url: URL;
  try { url = new URL(raw); } catch { throw new Error(`'${raw.slice(0, 60)}' is not a URL`); }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new Error(`'${raw.slice(0, 60)}' is not a WebSocket URL: it must start with ws:// or wss://`);
  if (url.username || url.password || url.search || url.hash) throw new Error(`'${raw.slice(0, 60)}' must name only a host and port (no credentials, query or fragment)`);
  return `${url.protocol}//${url.host}`;
}
