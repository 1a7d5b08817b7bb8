/** The house's import rules (DESIGN.md §2), as pure functions over paths relative to `src/`. */

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
