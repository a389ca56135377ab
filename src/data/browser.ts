/**
 * Loading datasets in the browser or a worker: files from a picker or a drop (several at
 * once, recognised by name), URLs (fetch), and the bundled MNIST. Uses only File and fetch,
 * which workers have too; everything else is the pure readers.
 */
import { InputError } from '../engine/errors';
import type { NamedBytes } from './archive';
import type { Dataset } from './dataset';
import { readDatasetFiles } from './files';
import { parseMnistBin } from './mnist';

/**
 * A Dataset from File objects (an <input type=file multiple> or DataTransfer.files): the four
 * IDX files, the CIFAR-10 batches, or one archive. A folder picked with `webkitdirectory`
 * keeps its path, which is how 'fashion-mnist' is recognised; `name` overrides it.
 */
export async function loadFiles(files: Iterable<File>, name?: string): Promise<Dataset> {
  const named = await Promise.all(
    Array.from(files, async (f): Promise<NamedBytes> => ({ name: f.webkitRelativePath || f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
  );
  return readDatasetFiles(named, name);
}

/** The bytes at `url`, or an InputError naming the URL and the HTTP status or network error. */
export async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new InputError(url, `could not be fetched (${(e as Error).message})`);
  }
  if (!response.ok) throw new InputError(url, `could not be fetched: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A Dataset from URLs: the four IDX files, the CIFAR-10 batches, or one archive. The server must allow CORS. */
export async function loadUrls(urls: string | readonly string[], name?: string): Promise<Dataset> {
  const list = typeof urls === 'string' ? [urls] : urls;
  const files = await Promise.all(list.map(async (url) => ({ name: url.split(/[?#]/)[0], bytes: await fetchBytes(url) })));
  return readDatasetFiles(files, name);
}

/** The bundled MNIST, served from public/data/mnist.bin under Vite's base URL. */
export async function loadBundledMnist(base: string = import.meta.env?.BASE_URL ?? '/'): Promise<Dataset> {
  const url = `${base.replace(/\/?$/, '/')}data/mnist.bin`;
  return parseMnistBin(await fetchBytes(url), url);
}
