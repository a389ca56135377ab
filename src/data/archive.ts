/**
 * Named bytes, gunzip (DecompressionStream, built into browsers, workers and Node ≥ 18)
 * and tar members: what every reader needs before parsing. Pure: no DOM and no node:fs.
 */
import { InputError } from '../engine/errors';

/** A file's name (or path) and its bytes. The name is what error messages show. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

export const basename = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

export const isGzip = (bytes: Uint8Array) => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Gunzips `bytes` when they start with the gzip magic 1f 8b; returns other bytes as they are. */
export async function gunzip(bytes: Uint8Array, file: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new InputError(file, `truncated or corrupt gzip (${(e as Error).message})`);
  }
}

/** True for a POSIX (ustar) tar archive. */
export const isTar = (bytes: Uint8Array) => bytes.length >= 512 && String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar';

/** The regular files of a tar archive (e.g. cifar-10-binary.tar.gz, once gunzipped). */
export function untar(bytes: Uint8Array, file: string): NamedBytes[] {
  const text = (at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n)).replace(/\0.*$/s, '');
  const members: NamedBytes[] = [];
  for (let at = 0; at + 512 <= bytes.length && bytes[at] !== 0; ) {
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const name = [text(at + 345, 155), text(at, 100)].filter(Boolean).join('/');
    if (!Number.isFinite(size) || at + 512 + size > bytes.length) throw new InputError(file, `truncated tar archive at member '${name}'`);
    const type = text(at + 156, 1);
    if (type === '0' || type === '') members.push({ name: `${file}/${name}`, bytes: bytes.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return members;
}
