/**
 * A real nats-server for the tests (Debian's package, README "Requirements"): each test
 * file starts its own on free ports, with JetStream in memory and the WebSocket listener
 * that browsers use, and stops it after. A missing server is a failure, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsServer {
  /** nats://127.0.0.1:PORT, for Node. */
  url: string;
  /** ws://127.0.0.1:PORT, for browsers. */
  ws: string;
  /** Stops the server (a memory stream is lost, as in a real restart). */
  stop(): Promise<void>;
  /** Starts it again on the same ports. */
  restart(): Promise<void>;
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  }).on('error', reject);
});

const BINARY = process.env.NATS_SERVER ?? 'nats-server';

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nats-server exited (${child.exitCode}): ${log()}`);
    if (log().includes('Server is ready')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nats-server did not listen on ${port} within 10 s: ${log()}`);
}

/** `maxPayload`: the server's message limit in bytes (its default is 1 MB), to test records sent in parts. */
export async function startNats(options: { maxPayload?: number } = {}): Promise<NatsServer> {
  const version = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) throw new Error(`nats-server is not installed (${version.error?.message ?? version.stderr}): apt-get install nats-server, as README "Requirements" says`);
  const [port, wsPort] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'rbp-nats-'));
  const conf = join(dir, 'nats.conf');
  writeFileSync(conf, `listen: "127.0.0.1:${port}"\njetstream { store_dir: "${dir}" }\nwebsocket { listen: "127.0.0.1:${wsPort}", no_tls: true }\n${options.maxPayload ? `max_payload: ${options.maxPayload}\n` : ''}`);
  let child: ChildProcess, out = '';
  const start = async () => {
    out = '';
    child = spawn(BINARY, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    await waitForPort(port, child, () => out);
  };
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  await start();
  return { url: `nats://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${wsPort}`, stop, restart: async () => { await stop(); await start(); } };
}
