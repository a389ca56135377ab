import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, FIELDS } from '../experiment/fields';
import { OWN_FLAGS, parseArgs } from './args';
import { experimentOf } from './resolve';

/** Runs the real CLI in a child process, as a user would. */
function cli(...args: string[]) {
  const r = spawnSync('node_modules/.bin/vite-node', ['src/cli/train.ts', ...args], { encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('CLI flags', () => {
  it('parses values and names a bad flag or value', () => {
    const args = parseArgs(['--lr', '0.5', '--redraw=never', '--quiet', '--log-every', '7']);
    expect(args.flags).toMatchObject({ quiet: true, 'log-every': 7 });
    expect(experimentOf(args.fields, 'mnist')).toMatchObject({ lr: 0.5, redraw: 'never', batch: 32 });
    expect(() => parseArgs(['--bogus', '1'])).toThrow(/--bogus: unknown flag/);
    expect(() => experimentOf(parseArgs(['--lr', 'abc']).fields, 'mnist')).toThrow(/--lr: 'abc' is not a number/);
    expect(() => experimentOf(parseArgs(['--batch', '2.5']).fields, 'mnist')).toThrow(/--batch: '2.5' is not a whole number/);
    expect(() => experimentOf(parseArgs(['--method', 'adam']).fields, 'mnist')).toThrow(/--method: 'adam' is not one of sgd, rbd, fpd/);
    expect(() => experimentOf(parseArgs(['--spf', '3']).fields, 'mnist')).toThrow(/--spf: 'spf' is a setting of the page, not a command-line flag/);
    expect(() => parseArgs(['--log-every', '0'])).toThrow(/--log-every: 0 is outside/);
    expect(() => parseArgs(['--d'])).toThrow(/--d: needs a value/);
  });
});

describe('CLI end to end', () => {
  it('--help documents every flag', () => {
    const { code, out } = cli('--help');
    expect(code).toBe(0);
    for (const k of CONFIG_KEYS) if (FIELDS[k].side !== 'url') expect(out).toContain(`--${k} `);
    for (const f of OWN_FLAGS) expect(out).toContain(`--${f.name}`);
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
