/** The house's import rules (DESIGN.md §2): a walker over a source tree and pure functions over its paths. */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Files by their relative path, each with the files it imports. */
export type ImportGraph = Map<string, string[]>;

const layerOf = (path: string): string => {
  if (path === 'server.ts') return 'server';
  return path.split('/')[0] ?? path;
};

/** Why an import from `from` to `to` breaks the layering, or null when it is allowed. */
export function layerViolation(from: string, to: string): string | null {
  const source = layerOf(from);
  const target = layerOf(to);
  // src/contract/: the API's picklists, shared by server and web; it imports nothing else.
  if (source === 'contract') return target === 'contract' ? null : 'contract imports nothing outside contract/';
  if (source === 'web') {
    return target === 'web' || target === 'contract' ? null : 'web talks to the server only over HTTP';
  }
  if (target === 'web') return 'only the web app imports web/';
  if (source === 'platform' && target !== 'platform' && target !== 'contract')
    return 'platform imports nothing above it';
  if (source === 'modules') {
    if (target === 'server' || target === 'cli') return 'modules never import server.ts or cli/';
    if (target === 'modules') {
      const [, fromModule] = from.split('/');
      const [, toModule, ...rest] = to.split('/');
      if (fromModule !== toModule && rest.join('/') !== 'index.ts')
        return 'another module is entered only through its index.ts';
    }
  }
  if (source === 'server' && target === 'cli') return 'server.ts never imports cli/';
  if ((source === 'cli' || source === 'server') && target === 'modules') {
    const [, , ...rest] = to.split('/');
    if (rest.join('/') !== 'index.ts') return `${source} enters a module only through its index.ts`;
  }
  return null;
}

/** Every elementary cycle found by a depth-first walk, each reported once from its smallest member. */
export function findImportCycles(graph: ImportGraph): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        const loop = stack.slice(stack.indexOf(next));
        const smallest = [...loop].sort()[0] ?? next;
        const start = loop.indexOf(smallest);
        const canonical = [...loop.slice(start), ...loop.slice(0, start)];
        cycles.set(canonical.join('>'), [...canonical, smallest]);
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

/** One relative import of a file; `typeOnly` when TypeScript erases it (`import type`, `export type`). */
export interface SourceImport {
  target: string;
  typeOnly: boolean;
}

/**
 * The text with its comments blanked, so an import written in a comment does not count. Strings and template
 * literals are skipped whole (a URL's `//` is no comment); a backtick nested inside `${…}` is not followed.
 */
export function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== '`' && text[j] === '\n')) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * The relative imports of one source text: static imports and re-exports (`from '…'`, `import '…'`) and
 * `import('…')` calls. Under verbatimModuleSyntax only `import type` / `export type` are erased;
 * `import { type X }` still loads the file at run time, so it counts as a value import.
 */
export function importsOfSource(text: string): { specifier: string; typeOnly: boolean }[] {
  const pattern =
    /(?:^|[;\s}])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s*)?['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  const found: { specifier: string; typeOnly: boolean }[] = [];
  for (const m of withoutComments(text).matchAll(pattern)) {
    const specifier = m[3] ?? m[4];
    if (specifier) found.push({ specifier, typeOnly: !!m[2] });
  }
  return found;
}

/** Every .ts/.tsx file under `root` except tests, by its path relative to `root` ('/'-separated). */
function sourceFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(root, path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
      ? [relative(root, path).split(sep).join('/')]
      : [];
  });
}

/** A source tree's files and, for each, the files it imports (specifiers resolved the NodeNext way: `.js` → `.ts`). */
export function readSourceTree(root: string): Map<string, SourceImport[]> {
  const files = sourceFiles(root);
  const known = new Set(files);
  const tree = new Map<string, SourceImport[]>();
  for (const file of files) {
    const imports = importsOfSource(readFileSync(join(root, file), 'utf8')).map(({ specifier, typeOnly }) => {
      const path = relative(root, resolve(root, dirname(file), specifier))
        .split(sep)
        .join('/');
      const base = path.replace(/\.js$/, '');
      const target = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((c) => known.has(c)) ?? `${base}.ts`;
      return { target, typeOnly };
    });
    tree.set(file, imports);
  }
  return tree;
}

/** Every import of the tree that breaks the layering, as `from → to: why`. */
export function layerViolations(tree: Map<string, SourceImport[]>): string[] {
  const out: string[] = [];
  for (const [file, imports] of tree)
    for (const { target } of imports) {
      const why = layerViolation(file, target);
      if (why) out.push(`${file} → ${target}: ${why}`);
    }
  return out.sort();
}

/** The graph of value imports between files (type-only imports are erased and cannot form a run-time cycle). */
export function fileGraph(tree: Map<string, SourceImport[]>): ImportGraph {
  return new Map([...tree].map(([file, imports]) => [file, imports.filter((i) => !i.typeOnly).map((i) => i.target)]));
}

/**
 * The graph between modules (`modules/<name>`), type imports included: a module that needs another's facts and
 * is needed by it must meet it through a hook that server.ts wires, not through each other's index.ts.
 */
export function moduleGraph(tree: Map<string, SourceImport[]>): ImportGraph {
  const moduleOf = (path: string) => (path.startsWith('modules/') ? path.split('/').slice(0, 2).join('/') : null);
  const graph: ImportGraph = new Map();
  for (const [file, imports] of tree) {
    const from = moduleOf(file);
    if (!from) continue;
    const edges = graph.get(from) ?? [];
    graph.set(from, edges);
    for (const { target } of imports) {
      const to = moduleOf(target);
      if (to && to !== from && !edges.includes(to)) edges.push(to);
    }
  }
  return graph;
}
