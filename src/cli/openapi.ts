/**
 * Prints the OpenAPI document that the server answers at /api/openapi.json, without a running server: the app
 * is built on a throwaway SQLite database (routes and their zod schemas make the document; no data does).
 * `npm run contract` turns it into the web's types (tools/contract/generate.mjs → src/web/api/schema.d.ts).
 *
 *   node --import tsx src/cli/openapi.ts > openapi.json
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../platform/config.js';
import { buildServer, createServices } from '../server.js';

export async function openapiDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'pulih-openapi-'));
  try {
    const config = loadConfig({
      PULIH_DATABASE_URL: `sqlite:${join(dir, 'pulih.db')}`,
      PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
      PULIH_LOG_LEVEL: 'silent',
      PULIH_WEB_DIR: join(dir, 'no-web'),
    });
    const services = await createServices(config, { log: pino({ level: 'silent' }) });
    try {
      const app = await buildServer(services);
      await app.ready();
      const document = app.swagger();
      await app.close();
      return document;
    } finally {
      await services.database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.dirname, 'openapi.ts')) {
  process.stdout.write(`${JSON.stringify(await openapiDocument())}\n`);
}
