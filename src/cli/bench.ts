/**
 * `npm run bench`: the benchmark of docs/design.md §9 (src/bench/run.ts) with Dawn in Node, or
 * with `--browser` in headless Chromium (bench-browser.ts), where the TensorFlow.js peer
 * runs too. Writes bench/results/<device>-<date>[-browser][-quick].json and .md (or the
 * same names in --out DIR, as bench/gpu.sh asks), so that a smoke test never overwrites a
 * real run. Nothing here is asserted by a test.
 *
 *   npm run bench -- [--browser] [--quick] [--cnn] [--steps 40] [--rounds 5] [--d-list 16,64,256] [--out DIR]  (src/bench/args.ts)
 *
 * The browser part is imported only with --browser, so that the Node bench bundled by
 * bench/pack.sh needs no Playwright or Vite on a machine that has only Node.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { getDevice } from '../engine/device';
import { loadDataset } from '../data/node';
import { InputError } from '../engine/errors';
import { parseBenchArgs } from '../bench/args';
import { markdown, type BenchResult } from '../bench/report';
import { runBench } from '../bench/run';

/** Writes the JSON and the table; returns the path without extension. */
function writeResults(r: BenchResult, table: string, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${r.device.replace(/[^a-z0-9]+/gi, '-').slice(0, 40)}-${r.date.slice(0, 10)}${r.peer ? '-browser' : ''}${r.options.quick ? '-quick' : ''}`;
  writeFileSync(`${file}.json`, JSON.stringify(r, null, 1));
  writeFileSync(`${file}.md`, table + '\n');
  return file;
}

async function main() {
  const all = process.argv.slice(2), at = all.indexOf('--out');
  // --out is where results go, not how the bench runs: it stays out of BenchOptions and the page's flags.
  const dir = at < 0 ? 'bench/results' : all[at + 1];
  if (at >= 0 && (!dir || dir.startsWith('--'))) throw new InputError('--out', 'needs a folder');
  const argv = at < 0 ? all : [...all.slice(0, at), ...all.slice(at + 2)];
  const o = parseBenchArgs(argv);
  const log = (s: string) => console.error(`[bench ${(performance.now() / 1000).toFixed(0)} s] ${s}`);
  let result: BenchResult, table: string;
  if (o.browser) {
    const { benchInBrowser } = await import('./bench-browser');
    ({ result, table } = await benchInBrowser(argv.filter((a) => a !== '--browser' && a !== '--').join(' '), log));
  } else {
    const { device, adapterName } = await getDevice('bench');
    result = await runBench({ device, adapterName, runtime: `node ${process.version}`, mnist: await loadDataset('mnist'), log }, o);
    table = markdown(result);
  }
  console.log(table);
  const file = writeResults(result, table, dir);
  console.log(`\nwrote ${file}.json and .md (${(performance.now() / 1000).toFixed(0)} s)`);
  process.exit(0);
}

main().catch((e) => { console.error(e instanceof InputError ? e.message : e); process.exit(1); });
