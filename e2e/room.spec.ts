/**
 * Training together in the page (docs/design.md §13): pages that open one room train one
 * model, each as one worker that sends only its coordinates, through the tabs of one
 * browser (BroadcastChannel and Web Locks) or a real nats-server's WebSocket listener.
 * Every member ends with the same θ hash.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import type { Page } from '@playwright/test';
import { thetaHash } from '../src/train/hash';
import type { RunSnapshot } from '../src/testing/api';
import { startNats, type NatsServer } from '../src/test/nats';
import { expect, PlaygroundPage, test } from './fixtures';

const EXPERIMENT = 'dataset=spiral&arch=mlp:16:tanh&method=rbd&d=8&lr=0.5&batch=16&seed=5&spf=10';

interface Member { page: Page; playground: PlaygroundPage; runId: string }

async function join(page: Page, query: string): Promise<Member> {
  const playground = new PlaygroundPage(page);
  await playground.open(`?${query}`);
  const [runId] = await playground.startRuns([query]);
  return { page, playground, runId };
}

const runOf = (m: Member) => m.playground.until((s) => s.runs.find((r) => r.id === m.runId));
const untilRun = (m: Member, pick: (r: RunSnapshot) => boolean, timeout = 120_000) =>
  m.playground.until((s) => { const r = s.runs.find((x) => x.id === m.runId); return r && pick(r) && r; }, timeout);

test('three tabs train together to equal θ hashes; when the leader tab closes the other two go on, and a late fourth agrees', async ({ context }) => {
  test.setTimeout(480_000);
  const query = `${EXPERIMENT}&steps=4000&room=tabs-e2e`;
  const a = await join(await context.newPage(), query);
  await untilRun(a, (r) => r.room?.member === 0);
  const b = await join(await context.newPage(), query);
  const c = await join(await context.newPage(), query);
  // All three train, and their hashes agree past step 50.
  const three = await untilRun(a, (r) => r.room!.members.length === 3 && (r.room!.lastHash?.step ?? 0) >= 50 && r.room!.lastHash!.members === 3);
  expect(three.room!.lastHash!.agree).toBe(true);
  const ids = await Promise.all([a, b, c].map(async (m) => (await runOf(m)).room!.member));
  expect(ids).toEqual([0, 1, 2]);
  const closedAt = three.room!.step;
  // The first tab holds the leader lock (it numbers the log) and is member 0: closing it hands the lock on,
  // and the new leader finds member 0's own lock gone.
  await a.page.close();
  const two = await untilRun(b, (r) => r.room!.members.length === 2 && r.room!.events.some((e) => e.startsWith('member 0 left')));
  expect(two.room!.events.find((e) => e.startsWith('member 0 left'))).toMatch(/^member 0 left at step \d+: its tab closed$/);
  const after = await untilRun(b, (r) => (r.room!.lastHash?.step ?? 0) > two.room!.step && r.room!.lastHash!.members === 2);
  expect(after.room!.lastHash!.agree).toBe(true);
  const d = await join(await context.newPage(), query);
  const late = await untilRun(d, (r) => r.room?.member === 3);
  expect(late.room!.member).toBe(3); // ids are never reused
  const ends = await Promise.all([b, c, d].map((m) => untilRun(m, (r) => r.status === 'finished', 300_000)));
  const hashes = ends.map((r) => r.thetaHash);
  const line = `3 tabs to step ${closedAt}, the leader closed, a fourth joined at step ${late.room!.step}; θ ${hashes.join(' ')}; `
    + `member 1 sent ${ends[0].room!.sentPerStep.toFixed(0)} B/step against ${ends[0].room!.allReducePerStep} B for an all-reduce`;
  test.info().annotations.push({ type: 'tabs room', description: line });
  console.log(`tabs room: ${line}`);
  expect(hashes[0]).toBeTruthy();
  expect(new Set(hashes).size).toBe(1);
  expect(ends.every((r) => r.room!.parted === null)).toBe(true);
});

test('a tab whose experiment differs is refused, with the differing fields named', async ({ context }) => {
  test.setTimeout(180_000);
  const a = await join(await context.newPage(), `${EXPERIMENT}&steps=2000&room=tabs-refuse`);
  await untilRun(a, (r) => (r.room?.step ?? 0) > 0);
  const b = await join(await context.newPage(), `${EXPERIMENT.replace('d=8', 'd=12')}&steps=2000&room=tabs-refuse`);
  const refused = await untilRun(b, (r) => r.status === 'error');
  expect(refused.message).toBe("room 'tabs-refuse' refused this experiment: d: room 8, yours 12");
  expect((await runOf(a)).status).toBe('running'); // the room goes on
});

test.describe('through nats-server', () => {
  let nats: NatsServer;
  test.beforeAll(async () => { nats = await startNats(); });
  test.afterAll(() => nats?.stop());

  test('two pages through the WebSocket listener train together to equal θ hashes', async ({ browser }) => {
    test.setTimeout(300_000);
    const query = `${EXPERIMENT}&steps=200&room=ws-e2e&nats=${encodeURIComponent(nats.ws)}`;
    // Two browser contexts: no BroadcastChannel or lock between them, only the server.
    const [one, two] = await Promise.all([browser.newContext(), browser.newContext()]);
    const a = await join(await one.newPage(), query);
    await untilRun(a, (r) => r.room?.member === 0);
    const b = await join(await two.newPage(), query);
    const ends = await Promise.all([a, b].map((m) => untilRun(m, (r) => r.status === 'finished', 240_000)));
    expect(ends[0].room!.via).toBe(nats.ws);
    expect(ends.map((r) => r.room!.member).sort()).toEqual([0, 1]);
    expect(ends[0].thetaHash).toBeTruthy();
    expect(ends[1].thetaHash).toBe(ends[0].thetaHash);
    await Promise.all([one.close(), two.close()]);
  });

  test('a page and an `npm run train` process train together to one θ', async ({ page }) => {
    test.setTimeout(300_000);
    const file = joinPath(mkdtempSync(joinPath(tmpdir(), 'rbp-mixed-')), 'theta.bin');
    // The same experiment as EXPERIMENT, as the CLI's flags; the process founds the room and waits for the page.
    const flags = ['--dataset', 'spiral', '--arch', 'mlp:16:tanh', '--method', 'rbd', '--d', '8', '--lr', '0.5', '--batch', '16', '--seed', '5', '--steps', '200'];
    const cli = spawn('node_modules/.bin/vite-node', ['src/cli/train.ts', '--', ...flags, '--room', 'mixed-e2e', '--nats', nats.url, '--quorum', '2', '--hash-every', '10', '--theta', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    cli.stdout!.on('data', (d) => (out += d));
    cli.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => cli.on('exit', resolve));
    try {
      await expect.poll(() => out, { timeout: 60_000 }).toContain('waiting for 2 member(s)');
      const m = await join(page, `${EXPERIMENT}&steps=200&room=mixed-e2e&nats=${encodeURIComponent(nats.ws)}`);
      const end = await untilRun(m, (r) => r.status === 'finished', 240_000);
      expect(await exited).toBe(0);
      expect(end.room!.member).toBe(1);
      expect(end.room!.lastHash?.agree).toBe(true);
      const bytes = readFileSync(file);
      expect(end.thetaHash).toBe(thetaHash(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)));
      console.log(`page and process: θ ${end.thetaHash} in both; the process said: ${out.split('\n').filter((l) => l.startsWith('meter')).join('')}`);
    } finally {
      cli.kill();
    }
  });
});
