/**
 * bench/gpu.sh is run on a GPU machine far from here, so that it cannot rot unseen: a dry
 * run (--quick) on SwiftShader with this machine's node, into a temporary folder, must
 * leave the Node bench's JSON (naming the adapter) and table, and the log; where Chromium
 * exists, the page's too, with both TensorFlow.js peers. Figures are not checked.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../bench/report';

describe('bench/gpu.sh', () => {
  it('--quick on SwiftShader writes every result and the log into one folder', () => {
    const out = mkdtempSync(join(tmpdir(), 'gpu-sh-'));
    try {
      const env = { ...process.env };
      delete env.VK_ICD_FILENAMES; // --swiftshader must pick the driver, not a leftover variable
      delete env.VK_DRIVER_FILES;
      const r = spawnSync('bash', ['bench/gpu.sh', '--quick', '--swiftshader', '--node', process.execPath, '--out', out], { encoding: 'utf8', env, timeout: 170_000 });
      expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
      const files = readdirSync(out);
      const log = readFileSync(join(out, 'log.txt'), 'utf8');
      expect(log).toContain('Vulkan driver: SwiftShader');

      const nodeJson = files.find((f) => f.endsWith('-quick.json') && !f.includes('-browser'));
      expect(nodeJson, files.join(', ')).toBeDefined();
      const result = JSON.parse(readFileSync(join(out, nodeJson!), 'utf8')) as BenchResult;
      expect(result.device).toMatch(/swiftshader/i);
      expect(result.runtime).toMatch(/^node v/);
      expect(result.options.quick).toBe(true);
      expect(readFileSync(join(out, nodeJson!.replace(/\.json$/, '.md')), 'utf8')).toContain(`Device: ${result.device}`);

      if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
        const pageJson = files.find((f) => f.endsWith('-browser-quick.json'));
        expect(pageJson, files.join(', ')).toBeDefined();
        const page = JSON.parse(readFileSync(join(out, pageJson!), 'utf8')) as BenchResult;
        expect(page.device).toMatch(/swiftshader/i);
        expect(page.peer && page.rbdPeer).toBeTruthy();
      } else {
        expect(log).toContain('Chromium run skipped');
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});
