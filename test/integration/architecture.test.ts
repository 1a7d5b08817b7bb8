/**
 * The house's layering, checked on the source itself (DESIGN.md §2):
 * platform → modules → server → cli; web talks to the server only over HTTP.
 * A module is entered only through its index.ts, and no value import forms a cycle.
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fileGraph,
  findImportCycles,
  type ImportGraph,
  importsOfSource,
  layerViolation,
  layerViolations,
  moduleGraph,
  readSourceTree,
} from '../support/imports.js';

const tree = readSourceTree(resolve(import.meta.dirname, '../../src'));
/** A small tree that breaks every rule on purpose: the checks must find each break in it. */
const broken = readSourceTree(resolve(import.meta.dirname, '../fixtures/architecture/src'));

describe('architecture', () => {
  it('finds the source tree', () => {
    expect(tree.size).toBeGreaterThan(100);
  });

  it('keeps the layering and enters modules only through index.ts', () => {
    expect(layerViolations(tree)).toEqual([]);
  });

  it('has no import cycle among value imports', () => {
    expect(findImportCycles(fileGraph(tree))).toEqual([]);
  });

  it('has no cycle between modules: two modules that need each other meet through a hook', () => {
    expect(findImportCycles(moduleGraph(tree))).toEqual([]);
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
    const acyclic: ImportGraph = new Map([
      ['a.ts', ['b.ts', 'c.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', []],
    ]);
    expect(findImportCycles(acyclic)).toEqual([]);
  });

  it('fail on a tree with a deliberate violation, file cycle and module cycle (test/fixtures/architecture)', () => {
    expect(broken.size).toBe(6);
    expect(layerViolations(broken)).toEqual([
      'modules/alpha/alpha.service.ts → modules/beta/beta.store.ts: another module is entered only through its index.ts',
      'platform/clock.ts → modules/alpha/index.ts: platform imports nothing above it',
    ]);
    expect(findImportCycles(fileGraph(broken))).toEqual([
      [
        'modules/alpha/alpha.service.ts',
        'modules/beta/beta.store.ts',
        'modules/alpha/index.ts',
        'modules/alpha/alpha.service.ts',
      ],
    ]);
    expect(findImportCycles(moduleGraph(broken))).toEqual([['modules/alpha', 'modules/beta', 'modules/alpha']]);
  });

  it('read imports as TypeScript erases them, and not from comments or strings', () => {
    const text = [
      "import type { A } from './a.js';",
      "import { type B } from './b.js';",
      "export type { C } from './c.js';",
      "export * from './d.js';",
      "import './e.js';",
      "const f = await import('./f.js');",
      "// import { g } from './g.js';",
      "/* import { h } from './h.js'; */",
      "const url = 'http://example.org'; const s = \"import { i } from './i.js'\";",
      "import {\n  j,\n  k,\n} from '../j.js';",
      "import { z } from 'zod';",
    ].join('\n');
    expect(importsOfSource(text)).toEqual([
      { specifier: './a.js', typeOnly: true },
      { specifier: './b.js', typeOnly: false },
      { specifier: './c.js', typeOnly: true },
      { specifier: './d.js', typeOnly: false },
      { specifier: './e.js', typeOnly: false },
      { specifier: './f.js', typeOnly: false },
      { specifier: '../j.js', typeOnly: false },
    ]);
  });
});
