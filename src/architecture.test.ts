/**
 * The layers of src/ (docs/architecture.md) and their one-way arrows, checked on the real
 * import graph so that the layering cannot regress. Plain Node, no GPU, no dependency
 * beyond node:fs and node:path: every .ts/.tsx/.mjs file under src/ is read, its module
 * specifiers are extracted (static, type-only, side-effect, re-export, dynamic and
 * `new Worker(new URL(…))`), resolved, and checked against the table below.
 *
 * Engine side, bottom to top (a lower rank never imports a higher one, and folders of
 * one rank do not import each other):
 *   rng 0 → engine 1 → nn, data, subspace 2 → reference 3 → experiment 4 → train 5
 *   → bench, cli 6
 * Page side: experiment → state 5 → ui 7 and testing 7 (beside ui) → src/main.tsx.
 * The engine side never imports the page side. src/test (the GPU test harness) is for
 * test files only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(SRC);

type Side = 'engine' | 'page' | 'test';
interface Layer { rank: number; side: Side }

/** Every folder of src/; a new folder fails the test until it is placed here. */
const LAYERS: Record<string, Layer> = {
  rng: { rank: 0, side: 'engine' },
  engine: { rank: 1, side: 'engine' },
  nn: { rank: 2, side: 'engine' },
  data: { rank: 2, side: 'engine' },
  subspace: { rank: 2, side: 'engine' },
  reference: { rank: 3, side: 'engine' },
  experiment: { rank: 4, side: 'engine' },
  train: { rank: 5, side: 'engine' },
  bench: { rank: 6, side: 'engine' },
  cli: { rank: 6, side: 'engine' },
  state: { rank: 5, side: 'page' },
  ui: { rank: 7, side: 'page' },
  testing: { rank: 7, side: 'page' },
  // src/main.tsx (and any other file directly in src/): the page's entry, on top.
  main: { rank: 8, side: 'page' },
  // Test support: the GPU harness (it wraps getDevice) and kits that build engine parts
  // (subspace-kit.ts), so above reference and below experiment; only tests may use it.
  test: { rank: 3.5, side: 'test' },
};

/** Folders whose non-test files must not import a UI library. */
const ENGINE_FOLDERS = ['rng', 'engine', 'nn', 'subspace', 'reference', 'data', 'experiment', 'train', 'bench', 'cli'];
const UI_LIBRARIES = ['react', 'react-dom', 'zustand', 'recharts'];
/** What src/ui may never mention: the GPU lives in the Web Worker. */
const UI_FORBIDDEN = ['GPUDevice', 'navigator.gpu', 'createBuffer('];

interface Exception {
  /** Importing layer (folder under src/). */
  from: string;
  /** Imported path relative to src/ (a file, or a folder ending in '/'). */
  to: string;
  /** Only `import type` / `export type` qualifies. */
  typeOnly?: boolean;
  why: string;
}

/**
 * Arrows the ranks alone would refuse, allowed one by one. Each names the narrowest
 * target that covers today's code; widen none of them without a reason as good.
 */
const EXCEPTIONS: Exception[] = [
  {
    from: 'data', to: 'nn/model.ts',
    why: 'Shape and size() are the tensor-shape vocabulary a dataset is described in (data/dataset.ts, data/idx.ts)',
  },
  {
    from: 'subspace', to: 'nn/model.ts',
    why: 'compartments are cut from the ModelPlan parameter layout (subspace/compartments.ts); its tests build plans',
  },
  {
    from: 'state', to: 'train/protocol.ts',
    why: 'the page speaks to the training worker in the message types of train/protocol.ts, and nothing else of train',
  },
  {
    from: 'cli', to: 'bench/',
    why: 'the CLI is the Node front of the benchmarks (npm run bench); bench never imports cli',
  },
];

/** Targets that test files may import from any layer. */
const TEST_SUPPORT: { to: string; why: string }[] = [
  { to: 'test/', why: 'the GPU test harness (withDevice) and statistics helpers' },
  { to: 'engine/', why: 'a GPU test needs buffers and kernels to dispatch what it checks (rng/rng.gpu.test.ts)' },
  { to: 'reference/', why: 'the CPU reference is the oracle every GPU kernel is compared with (docs/design.md §8)' },
];

/** Files outside src/ that src/ may import, by the importing layer. */
const OUTSIDE_SRC: { from: string | null; to: string; why: string }[] = [
  { from: null, to: 'shaders/', why: 'WGSL sources, imported as strings with ?raw' },
  { from: 'cli', to: 'e2e/chromium.ts', why: 'the one Chromium launch config, shared with playwright.config.ts' },
];

// ---------------------------------------------------------------------------------------
// Extraction

interface Specifier { spec: string; typeOnly: boolean }

/**
 * Source with its comments blanked (strings and template literals kept, newlines kept),
 * so that an import written in a doc comment is not taken for a real one.
 */
function stripComments(src: string): string {
  let out = '';
  let i = 0;
  const braces: number[] = []; // open `{` count inside each `${` of a template literal
  let lastSignificant = '';
  const regexMayStart = () => lastSignificant === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(lastSignificant);
  const readString = (quote: string) => {
    const start = i++;
    while (i < src.length && src[i] !== quote && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
    i++;
    out += src.slice(start, i);
  };
  const readTemplate = () => { // from just after a backtick or a closing `}` of `${`
    const start = i;
    while (i < src.length) {
      if (src[i] === '\\') { i += 2; continue; }
      if (src[i] === '`') { i++; out += src.slice(start, i); return; }
      if (src[i] === '$' && src[i + 1] === '{') { i += 2; out += src.slice(start, i); braces.push(0); return; }
      i++;
    }
    out += src.slice(start);
  };
  while (i < src.length) {
    const c = src[i];
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      while (i < src.length && src[i] !== '\n') { out += ' '; i++; }
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '/' && regexMayStart()) { // a regex literal: skip to its closing slash
      const start = i++;
      let inClass = false;
      while (i < src.length && src[i] !== '\n') {
        if (src[i] === '\\') { i += 2; continue; }
        if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
        i++;
      }
      i++;
      out += src.slice(start, i);
      lastSignificant = '/';
    } else if (c === "'" || c === '"') {
      readString(c);
      lastSignificant = c;
    } else if (c === '`') {
      out += c;
      i++;
      readTemplate();
      lastSignificant = '`';
    } else {
      if (braces.length > 0) {
        if (c === '{') braces[braces.length - 1]++;
        else if (c === '}') {
          if (braces[braces.length - 1] === 0) {
            braces.pop();
            out += c;
            i++;
            readTemplate();
            lastSignificant = '`';
            continue;
          }
          braces[braces.length - 1]--;
        }
      }
      out += c;
      i++;
      if (!/\s/.test(c)) lastSignificant = /[\w$]/.test(c) ? 'a' : c;
    }
  }
  return out;
}

/** Every module specifier of one source file, in order of appearance. */
function extractSpecifiers(source: string): Specifier[] {
  const code = stripComments(source);
  const found: { at: number; s: Specifier }[] = [];
  const patterns: { re: RegExp; typeOnly: (m: RegExpExecArray) => boolean }[] = [
    // import x from '…', import { a, type B } from '…', import type T from '…',
    // export { a } from '…', export * from '…', export type { T } from '…'; multi-line.
    { re: /\b(import|export)(\s+type\b)?\s+[^'"`;]*?\bfrom\s*(['"])([^'"\n]+)\3/g, typeOnly: (m) => !!m[2] },
    // import '…' (side effects only, e.g. a stylesheet)
    { re: /\b(import)()\s*(['"])([^'"\n]+)\3/g, typeOnly: () => false },
    // import('…') with a literal, possibly split over lines
    { re: /\b(import)()\s*\(\s*(['"`])([^'"`\n]+)\3\s*[,)]/g, typeOnly: () => false },
    // new Worker(new URL('…', import.meta.url))
    { re: /\bnew\s+(?:Shared)?(Worker)()\s*\(\s*new\s+URL\s*\(\s*(['"`])([^'"`\n]+)\3/g, typeOnly: () => false },
  ];
  for (const { re, typeOnly } of patterns) {
    for (let m = re.exec(code); m; m = re.exec(code)) {
      // `import.meta` and a property named import are not imports.
      if (m.index > 0 && code[m.index - 1] === '.') continue;
      found.push({ at: m.index, s: { spec: m[4], typeOnly: typeOnly(m) } });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.s);
}

// ---------------------------------------------------------------------------------------
// The graph

const SOURCE = /\.(ts|tsx|mjs)$/;
const TEST_FILE = /\.test\.(ts|tsx|mjs)$/;

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path));
    else if (SOURCE.test(name)) files.push(path);
  }
  return files;
}

/** A path relative to the repository root, with forward slashes. */
const repo = (path: string) => relative(ROOT, path).split(sep).join('/');
/** A path relative to src/, with forward slashes. */
const inSrc = (path: string) => relative(SRC, path).split(sep).join('/');

function layerOf(file: string): string {
  const parts = inSrc(file).split('/');
  return parts.length === 1 ? 'main' : parts[0];
}

const EXTENSIONS = ['', '.ts', '.tsx', '.mjs', '.js', '/index.ts', '/index.tsx'];

/** The file a relative specifier names, or null. */
function resolveRelative(from: string, spec: string): string | null {
  const bare = spec.replace(/[?#].*$/, '');
  const base = resolve(dirname(from), bare);
  const candidates = [...EXTENSIONS.map((e) => base + e)];
  if (/\.js$/.test(base)) candidates.push(base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'));
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

const covers = (target: string, rel: string) => (target.endsWith('/') ? rel.startsWith(target) : rel === target);

/** Why `file` may not import `target` (both absolute), or null when it may. */
function arrowViolation(file: string, target: string, typeOnly: boolean): string | null {
  const test = TEST_FILE.test(file);
  const fromName = layerOf(file);
  const from = LAYERS[fromName];
  const targetRel = relative(SRC, target);
  if (targetRel.startsWith('..')) {
    const rel = repo(target);
    const ok = OUTSIDE_SRC.some((o) => (o.from === null || o.from === fromName) && covers(o.to, rel));
    return ok ? null : `${fromName} may import nothing outside src/ but shaders/`;
  }
  const rel = inSrc(target);
  const toName = layerOf(target);
  const to = LAYERS[toName];
  if (!from) return `src/${fromName} is not a known layer (add it to LAYERS in src/architecture.test.ts)`;
  if (!to) return `src/${toName} is not a known layer (add it to LAYERS in src/architecture.test.ts)`;
  if (fromName === toName) return null;
  if (EXCEPTIONS.some((e) => e.from === fromName && covers(e.to, rel) && (!e.typeOnly || typeOnly))) return null;
  if (test && TEST_SUPPORT.some((s) => covers(s.to, rel))) return null;
  if (to.side === 'test') return 'src/test is the GPU test harness: only test files may import it';
  const rule = `${fromName} (${from.rank}) may not import ${toName}`;
  if (from.side === 'engine' && to.side === 'page') return `${rule} (the engine side never imports the page's side)`;
  if (to.rank >= from.rank) return rule;
  return null;
}

interface SourceFile { path: string; text: string; specifiers: Specifier[] }

// This file is left out: its sample for the extractor is made of import lines in strings.
const SELF = fileURLToPath(import.meta.url);
const FILES: SourceFile[] = walk(SRC).filter((path) => path !== SELF).map((path) => {
  const text = readFileSync(path, 'utf8');
  return { path, text, specifiers: extractSpecifiers(text) };
});

const isUiLibrary = (spec: string) => UI_LIBRARIES.some((lib) => spec === lib || spec.startsWith(`${lib}/`));

// ---------------------------------------------------------------------------------------

describe('the import extractor', () => {
  const sample = [
    "import { a, b } from './static';",
    "import type { T } from '../typeonly';",
    'import {',
    '  first,',
    '  type Second,',
    "} from '../multi/line';",
    "import './side-effect.css';",
    "import wgsl from '../../shaders/rng/philox.wgsl?raw';",
    "export { c } from './reexport';",
    "export * from './star';",
    "export type { U } from './retype';",
    "// import { ghost } from './in-a-line-comment';",
    "/** import { ghost } from './in-a-block-comment'; */",
    "const s = 'import nothing from here';",
    'const re = /[\'"]/g; // a regex with quotes in it',
    "const url = `${base}/x`; const meta = import.meta.url;",
    'async function later() {',
    "  const m = await import('./dynamic');",
    '  const n = await import(',
    "    '../dynamic/multi'",
    '  );',
    '}',
    "const w = new Worker(new URL('../train/worker.ts', import.meta.url), { type: 'module' });",
  ].join('\n');

  it('finds every kind of specifier, and none in comments or strings', () => {
    expect(extractSpecifiers(sample)).toEqual([
      { spec: './static', typeOnly: false },
      { spec: '../typeonly', typeOnly: true },
      { spec: '../multi/line', typeOnly: false },
      { spec: './side-effect.css', typeOnly: false },
      { spec: '../../shaders/rng/philox.wgsl?raw', typeOnly: false },
      { spec: './reexport', typeOnly: false },
      { spec: './star', typeOnly: false },
      { spec: './retype', typeOnly: true },
      { spec: './dynamic', typeOnly: false },
      { spec: '../dynamic/multi', typeOnly: false },
      { spec: '../train/worker.ts', typeOnly: false },
    ]);
  });
});

describe('the layers of src/ (docs/architecture.md)', () => {
  it('walks the whole tree', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.reduce((n, f) => n + f.specifiers.length, 0)).toBeGreaterThan(300);
  });

  it('has no arrow that runs back up', () => {
    const violations: string[] = [];
    for (const file of FILES) {
      for (const { spec, typeOnly } of file.specifiers) {
        if (!spec.startsWith('.')) continue; // bare packages: see the next test
        const target = resolveRelative(file.path, spec);
        if (!target) {
          violations.push(`${repo(file.path)} imports '${spec}': it resolves to no file`);
          continue;
        }
        const why = arrowViolation(file.path, target, typeOnly);
        if (why) violations.push(`${repo(file.path)} imports ${repo(target)}: ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps React, zustand and recharts out of the engine', () => {
    const violations: string[] = [];
    for (const file of FILES) {
      if (TEST_FILE.test(file.path) || !ENGINE_FOLDERS.includes(layerOf(file.path))) continue;
      for (const { spec } of file.specifiers) {
        if (isUiLibrary(spec)) violations.push(`${repo(file.path)} imports ${spec}: ${layerOf(file.path)} may not import a UI library`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps the GPU out of src/ui', () => {
    const violations: string[] = [];
    for (const file of FILES) {
      if (layerOf(file.path) !== 'ui') continue;
      const code = stripComments(file.text);
      for (const word of UI_FORBIDDEN) {
        if (code.includes(word)) violations.push(`${repo(file.path)} mentions ${word}: src/ui never touches the GPU (the Web Worker does)`);
      }
    }
    expect(violations).toEqual([]);
  });
});
