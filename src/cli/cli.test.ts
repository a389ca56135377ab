import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FLAGS, parseArgs } from './args';

/** Runs the real CLI in a child process, as a user would. */
function cli(...args: string[]) {
  const r = spawnSync('node_modules/.bin/vite-node', ['src/cli/train.ts', ...args], { encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI flags', () => {
  it('parses values and names a bad flag or value', () => {
    expect(parseArgs(['--lr', '0.5', '--redraw=never', '--quiet'])).toMatchObject({ lr: 0.5, redraw: 'never', quiet: true, batch: 32 });
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/--bogus: unknown flag/);
    expect(() => parseArgs(['--lr', 'abc'])).toThrow(/--lr: must be a number; got 'abc'/);
    expect(() => parseArgs(['--batch', '2.5'])).toThrow(/--batch: must be a whole number/);
    expect(() => parseArgs(['--method', 'adam'])).toThrow(/--method: must be one of sgd, rbd, fpd; got 'adam'/);
    expect(() => parseArgs(['--d'])).toThrow(/--d: needs a value/);
  });
});

describe('CLI end to end', () => {
  it('--help documents every flag', () => {
    const { code, out } = cli('--help');
    expect(code).toBe(0);
    for (const f of FLAGS) expect(out).toContain(`--${f.name}`);
  });

  it('exits non-zero and names the problem on bad input', () => {
    const unknown = cli('--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--bogus: unknown flag');
    const dir = mkdtempSync(join(tmpdir(), 'rbp-cli-'));
    for (const f of ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte']) {
      writeFileSync(join(dir, f), Uint8Array.of(0, 0, 9, 9, 0, 0, 0, 1, 7));
    }
    const bad = cli('--dataset', dir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/idx3-ubyte.*magic/i);
    const arch = cli('--dataset', 'spiral', '--arch', 'mlp:12x:relu');
    expect(arch.code).toBe(2);
    expect(arch.err).toContain('--arch');
  });

  it('trains a tiny model, prints test accuracy, and writes the curve as CSV and JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbp-cli-'));
    const { code, out, err } = cli('--dataset', 'gaussians', '--arch', 'mlp:8:tanh', '--method', 'rbd', '--d', '8', '--lr', '1',
      '--steps', '40', '--batch', '16', '--log-every', '10', '--eval-every', '20', '--quiet', '--csv', join(dir, 'c.csv'), '--json', join(dir, 'r.json'));
    expect(err).not.toMatch(/^error: (?!XDG_RUNTIME_DIR)/m); // Vulkan's loader warns about XDG_RUNTIME_DIR on headless machines
    expect(code).toBe(0);
    expect(out).toMatch(/test acc \d+\.\d+%/);
    const csv = readFileSync(join(dir, 'c.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('step,epoch,loss,train_acc,test_acc');
    expect(csv).toHaveLength(1 + 4);
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).curve).toHaveLength(4);
  });
});
