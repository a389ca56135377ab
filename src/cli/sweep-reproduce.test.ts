/**
 * `npm run sweep` and `npm run reproduce` end to end, in child processes as a user runs
 * them, at tiny budgets: every file and every row is written, and a second run resumes
 * from the kept results instead of training again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function run(script: string, ...args: string[]) {
  const r = spawnSync('node_modules/.bin/vite-node', [`src/cli/${script}.ts`, ...args], { encoding: 'utf8', timeout: 280_000 });
  expect(r.stderr).not.toMatch(/^error: (?!XDG_RUNTIME_DIR)/m); // Vulkan's loader warns about XDG_RUNTIME_DIR on headless machines
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('npm run sweep', () => {
  it('writes CSV, JSON, markdown and SVG with d_int90 for each method, and resumes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbp-sweep-'));
    const args = ['--dataset', 'circles', '--arch', 'mlp:8:tanh', '--lr', '3', '--sgdLr', '0.5', '--d', '2,8', '--steps', '30', '--batch', '16', '--out', dir, '--cache', join(dir, 'runs'), '--quiet'];
    const first = run('sweep', ...args);
    expect(first).toMatch(/\[5\/5\] rbd d=8 seed 1: test accuracy \d+\.\d\d% in/);
    expect(first).toMatch(/^d_int90 fpd: (≤ 2|> 8|≈ \d+ \(grid 8\))$/m);
    expect(first).toMatch(/^d_int90 rbd: /m);
    const base = join(dir, 'sweep-circles-mlp8tanh-30steps');
    const csv = readFileSync(`${base}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('method,d,seed,steps,test_acc,final_loss,diverged_at,seconds');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['sgd,,1', 'fpd,2,1', 'rbd,2,1', 'fpd,8,1', 'rbd,8,1']);
    const json = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
    expect(json.summary.methods.map((m: { method: string }) => m.method)).toEqual(['fpd', 'rbd']);
    expect(readFileSync(`${base}.md`, 'utf8')).toMatch(/\| fpd \| \d+\.\d\d% \| \d+\.\d\d% \| /);
    expect(readFileSync(`${base}.svg`, 'utf8')).toMatch(/^<svg[\s\S]*d_int90[\s\S]*<\/svg>\n$/);
    expect(readdirSync(join(dir, 'runs'))).toHaveLength(5);
    // The same sweep again: every run is kept, none trained, the same table.
    const again = run('sweep', ...args);
    expect(again.match(/kept from an earlier run/g)).toHaveLength(5);
    expect(readFileSync(`${base}.csv`, 'utf8').trim().split('\n')).toEqual(csv);
  }, 300_000);
});

describe('npm run reproduce', () => {
  it('runs the table end to end at a tiny budget: every row and column, and the data, budget and device stated', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbp-reproduce-'));
    const out = run('reproduce', '--datasets', 'mnist,fashion-mnist,cifar10', '--archs', 'fc', '--steps', '2', '--eval-samples', '200', '--out', dir, '--cache', join(dir, 'runs'), '--quiet');
    expect(out).toMatch(/These rows \(fc on mnist, fc on fashion-mnist\) in full, 100 epochs a run as in the paper and evaluated once an epoch, would take about \d+ hours/);
    const md = readFileSync(join(dir, 'reproduce-fc-mnist_fc-fashion-mnist_fc-cifar10-2steps.md'), 'utf8');
    const rows = md.split('\n').filter((l) => l.startsWith('| FC'));
    expect(md).toContain('| network | dataset | steps (epochs) | FPD | RBD | SGD | FPD < RBD < SGD | paper FPD | paper RBD | paper SGD | train / test samples |');
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r.split('|').length - 2).toBe(11); // every column filled or marked
    expect(rows[0]).toMatch(/^\| FC \| mnist \| 2 \(0\.01\) \| \d+\.\d \| \d+\.\d \| \d+\.\d \| (yes|no) \| 80 \| 93\.9 \| 98\.3 \| bundled MNIST, 8,000 \/ 2,000 \(the paper: 60,000 \/ 10,000\) \|$/);
    expect(rows[1]).toMatch(/^\| FC \| fashion-mnist \| 2 \(0\.00\) \| /);
    expect(rows[2]).toBe('| FC | cifar10 | | not run | not run | not run | | 21.4 | 43.8 | 52.1 | no CIFAR-10 files given (--cifar) |');
    expect(md).toMatch(/fixed stratified subsample of 200 test samples/);
    expect(md).toMatch(/Device: .+\. Engine \w+/);
  }, 300_000);
});
