/**
 * What the page's first chunk holds: every module src/main.tsx reaches through static,
 * value-carrying imports. The charts (and recharts, behind the sweep figure), the insight
 * pictures, the method picture and the bench page (with TensorFlow.js) must stay out of it,
 * behind the dynamic imports of src/ui/lazy-panels.tsx and src/main.tsx (README, "A light
 * first load"); a static import of any of them would bring it back into the main chunk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Loaded on demand only; paths relative to src/. */
const LAZY = ['ui/MetricChart.tsx', 'ui/SweepChart.tsx', 'ui/InsightPictures.tsx', 'ui/MethodPicture.tsx', 'ui/method-picture/Figure.tsx', 'ui/BenchPage.tsx', 'bench/browser.ts'];
/** Packages that only lazy chunks may import. */
const LAZY_PACKAGES = /^(recharts|@tensorflow\/)/;

/** The specifiers a file imports for values at load time: no `import type`, no `import()`. */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX);
  const specs: string[] = [];
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : null;
      const typesOnly = clause?.isTypeOnly || (clause && !clause.name && named && named.length > 0 && named.every((e) => e.isTypeOnly));
      if (!typesOnly) specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly) {
      specs.push((node.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return specs;
}

const resolve = (from: string, spec: string) =>
  ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => join(dirname(from), spec) + ext).find((p) => existsSync(p) && !p.endsWith('/'))!;

/** Every file and package the entry reaches, each with the file that first imports it. */
function eagerGraph(entry: string): Map<string, string> {
  const reached = new Map<string, string>([[entry, '(entry)']]);
  const queue = [entry];
  while (queue.length) {
    const file = queue.shift()!;
    for (const spec of staticImports(file)) {
      if (!spec.startsWith('.')) { if (!reached.has(spec)) reached.set(spec, relative(SRC, file)); continue; }
      if (/\.(css|wgsl)(\?raw)?$|\?raw$/.test(spec)) continue;
      const target = resolve(file, spec.replace(/\?.*$/, ''));
      if (target && !reached.has(target)) { reached.set(target, relative(SRC, file)); queue.push(target); }
    }
  }
  return reached;
}

describe('the first load', () => {
  const graph = eagerGraph(join(SRC, 'main.tsx'));

  it('reaches the controls: the sanity check that the walk follows imports', () => {
    expect(graph.has(join(SRC, 'ui/ControlsPanel.tsx'))).toBe(true);
    expect(graph.has(join(SRC, 'ui/lazy-panels.tsx'))).toBe(true);
    expect(graph.has('react-dom/client')).toBe(true);
  });

  it('never reaches a lazy panel or a package only they use', () => {
    const wrong = [...graph].filter(([m]) => LAZY.some((l) => m === join(SRC, l)) || LAZY_PACKAGES.test(m))
      .map(([m, by]) => `${m.startsWith(SRC) ? relative(SRC, m) : m} (imported by ${by})`);
    expect(wrong).toEqual([]);
  });
});
