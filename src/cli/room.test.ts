/**
 * Training together for real: several `npm run train` processes, each with its own Dawn
 * device, through a real nats-server (src/test/nats.ts), against one process with W
 * workers. Nothing is mocked; each process is started as a user would start it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNats, type NatsServer } from '../test/nats';

// The spiral and a 2-16-3 tanh MLP (D = 99): a step is a few ms, so the test measures the room, not the model.
const EXPERIMENT = ['--dataset', 'spiral', '--arch', 'mlp:16:tanh', '--d', '12', '--lr', '1', '--batch', '20', '--seed', '3', '--quiet'];

let nats: NatsServer;
beforeAll(async () => { nats = await startNats(); });
afterAll(() => nats?.stop());

interface Proc { code: number | null; out: string; err: string; kill(): void; ended: Promise<void> }

function train(args: string[]): Proc {
  const child = spawn('node_modules/.bin/vite-node', ['src/cli/train.ts', '--', ...EXPERIMENT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const p: Proc = { code: null, out: '', err: '', kill: () => child.kill('SIGKILL'), ended: new Promise((resolve) => child.on('exit', (code) => { p.code = code; resolve(); })) };
  child.stdout.on('data', (d) => (p.out += d));
  child.stderr.on('data', (d) => (p.err += d));
  return p;
}

const bytesOf = (file: string) => readFileSync(file).toString('hex');

describe('npm run train --room through nats-server', () => {
  it('three processes end with θ bitwise equal to each other and to W = 3 workers in one process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbp-room-'));
    const members = ['a', 'b', 'c'].map((m) => train(['--steps', '100', '--room', 'trio', '--nats', nats.url, '--quorum', '3', '--theta', join(dir, `${m}.bin`)]));
    await Promise.all(members.map((m) => m.ended));
    for (const m of members) expect(m.code, m.err).toBe(0);
    const alone = spawnSync('node_modules/.bin/vite-node', ['src/cli/train.ts', '--', ...EXPERIMENT, '--steps', '100', '--workers', '3', '--theta', join(dir, 'w3.bin')], { encoding: 'utf8', timeout: 120_000 });
    expect(alone.status, alone.stderr).toBe(0);
    const theta = bytesOf(join(dir, 'w3.bin'));
    expect(theta.length).toBe(99 * 8); // D f32, as hex
    for (const m of ['a', 'b', 'c']) expect(bytesOf(join(dir, `${m}.bin`))).toBe(theta);
    const ids = members.map((m) => Number(/done at step 100 as member (\d)/.exec(m.out)?.[1])).sort();
    expect(ids).toEqual([0, 1, 2]);
    // Only coordinates crossed: 12 floats a step and a member, in base64 JSON, well under D = 99 floats.
    const sent = Number(/sent (\d+) B\/step/.exec(members[0].out)?.[1]);
    expect(sent).toBeGreaterThan(12 * 4);
    expect(sent).toBeLessThan(99 * 4);
  }, 240_000);

  it('two carry on and agree when the third is killed mid-run, and both print the step it was evicted at', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rbp-room-'));
    const room = ['--room', 'killed', '--nats', nats.url, '--quorum', '3', '--deadline', '3', '--steps', '300'];
    const members = ['a', 'b', 'c'].map((m) => train([...room, '--theta', join(dir, `${m}.bin`)]));
    // Kill the third once the room has begun: every process prints its join line at step 0.
    while (!members.every((m) => /joined from step 0 \(this process\)/.test(m.out))) {
      const ended = members.find((m) => m.code !== null);
      if (ended) throw new Error(`a member ended before the room began: ${ended.err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1500));
    members[2].kill();
    await Promise.all(members.map((m) => m.ended));
    expect(members[2].code).toBe(null); // killed, not ended
    for (const m of members.slice(0, 2)) expect(m.code, m.err).toBe(0);
    const victim = Number(/as member (\d)/.exec(members[2].out)?.[1] ?? /member (\d) joined from step 0 \(this process\)/.exec(members[2].out)?.[1]);
    const evictions = members.slice(0, 2).map((m) => new RegExp(`member ${victim} left at step (\\d+): silent past the room's 3 s deadline`).exec(m.out));
    expect(evictions[0], members[0].out).not.toBeNull();
    expect(evictions[1]![1]).toBe(evictions[0]![1]); // one log: the same step for both
    expect(Number(evictions[0]![1])).toBeGreaterThan(0);
    expect(Number(evictions[0]![1])).toBeLessThan(300);
    expect(bytesOf(join(dir, 'a.bin'))).toBe(bytesOf(join(dir, 'b.bin')));
  }, 240_000);

  it('names the problem: no --nats, an unreachable server, sgd, a bad room name, a flag a room does not honour', () => {
    const run = (...args: string[]) => spawnSync('node_modules/.bin/vite-node', ['src/cli/train.ts', '--', ...EXPERIMENT, '--steps', '10', ...args], { encoding: 'utf8', timeout: 60_000 });
    expect(run('--room', 'x').stderr).toContain('--nats: a room needs the NATS server');
    const closed = run('--room', 'x', '--nats', 'nats://127.0.0.1:1');
    expect(closed.status).toBe(2);
    expect(closed.stderr).toContain('--nats: cannot reach nats://127.0.0.1:1');
    expect(run('--room', 'x', '--nats', nats.url, '--method', 'sgd').stderr).toContain('--method: a room trains in a subspace');
    expect(run('--room', 'Bad Name').stderr).toContain("--room: 'Bad Name' is not a room name");
    expect(run('--room', 'x', '--nats', nats.url, '--csv', 'c.csv').stderr).toContain('--csv: does not apply with --room');
  }, 240_000);
});
