// browser.ts uses only File and fetch, which Node has too, so it is tested here.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBytes, loadBundledMnist, loadFiles, loadUrls } from './browser';
import { MNIST_BIN, loadBundledMnist as loadBundledMnistNode } from './node';
import { idxBytes } from './test-fixtures';

const images = idxBytes(0x803, [2, 1, 3], [1, 2, 3, 4, 5, 6]);
const labels = idxBytes(0x801, [2], [3, 1]);
const served: Record<string, Uint8Array> = {
  '/data/mnist.bin': new Uint8Array(0), // filled in beforeAll, after the build
  '/f/train-images-idx3-ubyte.gz': gzipSync(images),
  '/f/train-labels-idx1-ubyte': labels,
  '/f/t10k-images-idx3-ubyte': images,
  '/f/t10k-labels-idx1-ubyte': labels,
};
const server = createServer((req, res) => {
  const body = served[(req.url ?? '').split('?')[0]];
  res.writeHead(body ? 200 : 404).end(body);
});
let base = '';

beforeAll(async () => {
  loadBundledMnistNode(); // builds public/data/mnist.bin if it is missing
  served['/data/mnist.bin'] = new Uint8Array(readFileSync(MNIST_BIN));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('browser loaders', () => {
  it('load several File objects at once, recognised by name', async () => {
    const files = Object.entries(served).slice(1).map(([path, bytes]) => new File([bytes as Uint8Array<ArrayBuffer>], path.slice(3)));
    const d = await loadFiles(files);
    expect([d.name, d.train.count, ...d.inputShape]).toEqual(['mnist-idx', 2, 1, 3, 1]);
    expect((await loadFiles(files, 'fashion-mnist')).classNames?.[0]).toBe('T-shirt/top');
  });

  it('load from URLs, and the bundled MNIST under a base URL', async () => {
    const d = await loadUrls(Object.keys(served).slice(1).map((p) => `${base}${p}?v=1`));
    expect([...d.test.labels]).toEqual([3, 1]);
    const mnist = await loadBundledMnist(base); // no trailing slash: one is added
    expect([mnist.train.count, mnist.test.count]).toEqual([8000, 2000]);
  });

  it('name the URL and the HTTP status on failure', async () => {
    await expect(fetchBytes(`${base}/nope.bin`)).rejects.toThrow(`${base}/nope.bin: could not be fetched: HTTP 404`);
  });
});
