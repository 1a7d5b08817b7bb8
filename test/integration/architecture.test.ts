/**
 * The house's layering, checked on the source itself (DESIGN.md §2):
 * platform → modules → server → cli; web talks to the server only over HTTP.
 * A module is entered only through its index.ts, and no value import forms a cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImportCycles, type ImportGraph, layerViolation } from '../support/imports.js';

const root = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Relative imports of a file: `from '…'`, `import '…'` and `import('…')`; type-only imports flagged. */
function importsOf(file: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(file, 'utf8');
  const found: { target: string; typeOnly: boolean }[] = [];
  const pattern =
    /(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(pattern)) {
    const spec = m[3] ?? m[4];
    if (!spec) continue;
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    found.push({
      target: target.endsWith('.ts') || target.endsWith('.tsx') ? target : `${target}.ts`,
      typeOnly: !!m[2],
    });
  }
  return found;
}

const files = sourceFiles(root);
const known = new Set(files);
const withTsx = (target: string) => (known.has(target) ? target : target.replace(/\.ts$/, '.tsx'));
const rel = (file: string) => relative(root, file).split(sep).join('/');

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('keeps the layering and enters modules only through index.ts', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const { target } of importsOf(file)) {
        const why = layerViolation(rel(file), rel(withTsx(target)));
        if (why) violations.push(`${rel(file)} → ${rel(target)}: ${why}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycle among value imports', () => {
    const graph: ImportGraph = new Map(
      files.map((file) => [
        rel(file),
        importsOf(file)
          .filter((i) => !i.typeOnly)
          .map((i) => rel(withTsx(i.target))),
      ]),
    );
    expect(findImportCycles(graph)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('reject a module reaching into another module, platform reaching up, web reaching into the server', () => {
    expect(layerViolation('modules/cases/cases.intake.ts', 'modules/persons/persons.store.ts')).toMatch(/index/);
    expect(layerViolation('modules/cases/cases.intake.ts', 'modules/persons/index.ts')).toBeNull();
    expect(layerViolation('platform/access.ts', 'modules/users/index.ts')).toMatch(/platform/);
    expect(layerViolation('modules/cases/index.ts', 'server.ts')).toMatch(/modules/);
    expect(layerViolation('web/pages/HomePage.tsx', 'modules/cases/index.ts')).toMatch(/web/);
    expect(layerViolation('server.ts', 'cli/main.ts')).toMatch(/server/);
    expect(layerViolation('web/pages/cases/model.ts', 'contract/cases.ts')).toBeNull();
    expect(layerViolation('contract/cases.ts', 'platform/http.ts')).toMatch(/contract/);
  });

  it('find a cycle of three files and none in a tree', () => {
    const cyclic: ImportGraph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ]);
    expect(findImportCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    const tree: ImportGraph = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', []],
    ]);
    expect(findImportCycles(tree)).toEqual([]);
  });
});
