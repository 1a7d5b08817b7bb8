import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const outDir = '../../dist/web';

/**
 * Precompresses the built text assets (brotli at the highest quality, gzip as the fallback) next to the
 * originals, once at build time; the server sends the smallest the browser accepts (@fastify/static
 * `preCompressed`). A district office on 1.6 Mbit/s downloads about a quarter of the bytes.
 */
function precompress(): Plugin {
  let dir = '';
  return {
    name: 'pulih-precompress',
    apply: 'build',
    configResolved(config) {
      dir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (d: string): string[] =>
        readdirSync(d).flatMap((f) => (statSync(join(d, f)).isDirectory() ? walk(join(d, f)) : [join(d, f)]));
      for (const file of walk(dir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * The case list on a district office's link (1.6 Mbit/s, 150 ms, HTTP/1.1: six connections): a cold load fetched
 * 30 scripts, most under 2 KB, in waves of six, each wave waiting for the one before to name it. The modules the
 * first signed-in route needs (the entry, the shell, the case list and the home page, statically reached from
 * them) are grouped instead: the libraries in one chunk, the application's own modules with the entry. Everything the
 * case list needs is then named by index.html and fetched at once (six files, 273 KB brotli). Other pages keep
 * their own chunks, loaded on first visit; the public portal keeps its small bundle (React stays in a chunk of
 * its own that both share). The groups are computed from the module graph (this plugin's
 * `buildEnd`), so a page that starts using a component takes it along without a list to keep up to date.
 */
const FIRST_ROUTE = [
  /[\\/]src[\\/]web[\\/]Shell\.tsx$/,
  /[\\/]cases[\\/]CaseListPage\.tsx$/,
  /[\\/]pages[\\/]HomePage\.tsx$/,
];
const firstRoute = new Set<string>();
function firstRouteGraph(): Plugin {
  return {
    name: 'pulih-first-route',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const closure = (start: string[]) => {
        const out = new Set<string>();
        const walk = (id: string) => {
          if (out.has(id)) return;
          out.add(id);
          for (const next of this.getModuleInfo(id)?.importedIds ?? []) walk(next);
        };
        for (const id of start) walk(id);
        return out;
      };
      const isPortal = (id: string) => /[\\/]portal\.(html|tsx?)$/.test(id);
      const entries = ids.filter((id) => this.getModuleInfo(id)?.isEntry);
      // The public portal keeps its own small bundle: what it shares with the staff app stays out of the groups.
      const portal = closure(entries.filter(isPortal));
      firstRoute.clear();
      for (const id of closure([
        ...entries.filter((id) => !isPortal(id)),
        ...ids.filter((id) => FIRST_ROUTE.some((r) => r.test(id))),
      ]))
        if (!portal.has(id)) firstRoute.add(id);
    },
  };
}
const inFirstRoute = (id: string) => firstRoute.has(id);

// The web app is built into dist/web and served by the Pulih process itself (no second server).
export default defineConfig({
  root: 'src/web',
  plugins: [react(), precompress(), firstRouteGraph()],
  build: {
    outDir,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two pages: the staff app, and the public reporting portal (/lapor, survey links) with its own small bundle.
    rolldownOptions: {
      input: { main: 'src/web/index.html', portal: 'src/web/portal.html' },
      output: {
        codeSplitting: {
          // What the portal shares (React) stays in a common chunk rather than being pulled into a group.
          includeDependenciesRecursively: false,
          groups: [
            { name: 'first-libs', test: (id) => inFirstRoute(id) && id.includes('node_modules'), priority: 2 },
            { name: 'first-app', test: (id) => inFirstRoute(id) && !id.includes('node_modules'), priority: 1 },
          ],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
