/**
 * Finished runs kept on disk, so that `sweep` and `reproduce` resume: a run whose result
 * file exists is not trained again. The key holds everything the result depends on: the
 * run's canonical config, the data, the evaluation subsample, the device and the engine
 * version (below), so results from older kernels or other devices never mix.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { serializeConfig } from '../experiment/config';
import type { ExperimentConfig } from '../experiment/fields';
import type { Point } from './headless';

/** Where a run's numbers come from: the trainer, the data readers, and what they import. */
const ENGINE_ROOTS = ['src/train/trainer.ts', 'src/data/node.ts', 'src/data/subsample.ts', 'src/experiment/run.ts'];

/** The files `roots` import, transitively (relative imports; WGSL included), test files aside. */
export function importClosure(roots: readonly string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    if (!file.endsWith('.ts')) return;
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^'?]+)/g)) {
      const path = join(dirname(file), spec);
      if (/\.\w+$/.test(spec)) visit(path);
      else visit(existsSync(`${path}.ts`) ? `${path}.ts` : join(path, 'index.ts'));
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
}

/**
 * The engine's version: the last commit that touched a file the trainer depends on, with
 * '+modified' where such a file has uncommitted changes. A commit elsewhere (the page,
 * the README) keeps it, so results stay usable across unrelated work.
 */
export function engineVersion(): string {
  try {
    const files = importClosure(ENGINE_ROOTS);
    const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('log', '-1', '--format=%h', '--', ...files);
    return git('status', '--porcelain', '--', ...files) ? `${commit}+modified` : commit;
  } catch {
    return 'unversioned'; // no git: such results are kept apart from every versioned one
  }
}

export interface RunKey {
  config: ExperimentConfig;
  /** The dataset as given (a name or a folder). */
  data: string;
  /** Test samples evaluated, or null for the whole test set. */
  evalSamples: number | null;
  device: string;
  engine: string;
}

export interface RunResult {
  key: Omit<RunKey, 'config'> & { config: string };
  D: number;
  trainedDims: number;
  steps: number;
  finalAccuracy: number;
  finalLoss: number;
  divergedAt: number | null;
  seconds: number;
  curve: Point[];
}

const keyText = (k: RunKey) => JSON.stringify({ ...k, config: serializeConfig(k.config) });

export class RunCache {
  constructor(private readonly dir: string) { mkdirSync(dir, { recursive: true }); }

  private file(key: RunKey): string {
    return join(this.dir, `${createHash('sha256').update(keyText(key)).digest('hex').slice(0, 16)}.json`);
  }

  /** The stored result of `key`, or null; a file that does not read back as this key's result is ignored, never trusted. */
  get(key: RunKey): RunResult | null {
    const file = this.file(key);
    if (!existsSync(file)) return null;
    try {
      const r = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
      return JSON.stringify(r.key) === keyText(key) && Number.isFinite(r.finalAccuracy) ? r : null;
    } catch {
      return null;
    }
  }

  put(key: RunKey, result: Omit<RunResult, 'key'>): RunResult {
    const r: RunResult = { key: { ...key, config: serializeConfig(key.config) }, ...result };
    writeFileSync(this.file(key), JSON.stringify(r));
    return r;
  }
}
