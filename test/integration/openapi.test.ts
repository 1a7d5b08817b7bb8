/**
 * The OpenAPI document is good enough for a partner to integrate without reading the code: every
 * operation names itself, says what it does and documents the problem+json errors it can return; and the
 * web's generated types (src/web/api/schema.d.ts, `npm run contract`) are the document's, not a stale copy.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

const root = resolve(import.meta.dirname, '../..');
const httpMethods = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

describeEachDatabase(
  'OpenAPI document',
  (h) => {
    const document = async () => (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as Document;
    const statuses = (op: Operation | undefined) => Object.keys(op?.responses ?? {});

    it('composes and serialises the document once, not per request', async () => {
      const app = h().app;
      const swagger = vi.spyOn(app, 'swagger');
      const stringify = vi.spyOn(JSON, 'stringify');
      try {
        const first = await app.inject({ method: 'GET', url: '/api/openapi.json' });
        const second = await app.inject({ method: 'GET', url: '/api/openapi.json' });
        expect(second.body).toBe(first.body);
        expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(swagger.mock.calls.length).toBeLessThan(2);
        const large = stringify.mock.results.filter((r) => typeof r.value === 'string' && r.value.length > 100_000);
        expect(large.length).toBeLessThan(2);
      } finally {
        swagger.mockRestore();
        stringify.mockRestore();
      }
    });

    it('gives every operation a summary and at least one documented 4xx problem+json answer', async () => {
      const doc = await document();
      const undocumented: string[] = [];
      const unsummarised: string[] = [];
      let operations = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!httpMethods.includes(method)) continue;
          operations++;
          if (!op.summary?.trim()) unsummarised.push(`${method.toUpperCase()} ${path}`);
          const problems = Object.entries(op.responses ?? {}).filter(
            ([status, response]) => /^4\d\d$/.test(status) && response.content?.['application/problem+json'],
          );
          if (problems.length === 0) undocumented.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(operations).toBeGreaterThan(100);
      expect(undocumented).toEqual([]);
      expect(unsummarised).toEqual([]);
    });

    it('says in a description what a 409 or 423 of an operation means for the caller', async () => {
      const doc = await document();
      const undescribed: string[] = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!httpMethods.includes(method)) continue;
          const states = statuses(op).filter((s) => s === '409' || s === '423');
          if (states.length > 0 && !op.description?.trim()) undescribed.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(undescribed).toEqual([]);
    });

    it('documents the errors each operation can really give', async () => {
      const doc = await document();
      expect(statuses(doc.paths['/api/cases/{id}']?.get)).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404']),
      );
      // A read of a restricted person's case is allowed; only changes answer 423.
      expect(statuses(doc.paths['/api/cases/{id}']?.get)).not.toContain('423');
      expect(statuses(doc.paths['/api/cases/{id}/transition']?.post)).toEqual(
        expect.arrayContaining(['400', '401', '403', '404', '409', '423']),
      );
      // A case's record under another URL says so in its route; a user account is no case's record.
      expect(statuses(doc.paths['/api/services/{sid}']?.patch)).toEqual(expect.arrayContaining(['409', '423']));
      expect(statuses(doc.paths['/api/users/{id}']?.patch)).not.toContain('423');
      // Login is public (no 403 for a missing session) but answers 401 for wrong credentials and 429 when hammered.
      const login = statuses(doc.paths['/api/auth/login']?.post);
      expect(login).toEqual(expect.arrayContaining(['400', '401', '429']));
      expect(login).not.toContain('403');
      expect(statuses(doc.paths['/api/public/tips/form']?.get)).not.toContain('401');
    });

    it('shows an example of every JSON request body, made from its schema', async () => {
      const doc = (await document()) as unknown as {
        paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { example?: unknown }> } }>>;
      };
      const missing: string[] = [];
      let bodies = 0;
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const media = op.requestBody?.content?.['application/json'];
          if (!media) continue;
          bodies++;
          if (media.example === undefined) missing.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(bodies).toBeGreaterThan(50);
      expect(missing).toEqual([]);
      const transition = doc.paths['/api/cases/{id}/transition']?.post?.requestBody?.content?.['application/json'];
      expect(transition?.example).toEqual({ to: expect.any(String) });
    });

    it('describes every problem answer with one shared Problem schema', async () => {
      const doc = await document();
      expect(doc.components?.schemas?.Problem).toMatchObject({
        properties: { code: { type: 'string' }, errors: { type: 'array' } },
      });
      const schema =
        doc.paths['/api/cases/{id}']?.get?.responses?.['404']?.content?.['application/problem+json']?.schema;
      expect(schema).toEqual({ $ref: '#/components/schemas/Problem' });
    });

    // Generating the types from a document of about 1 MB takes a while on a busy machine.
    it('matches the web’s generated types (src/web/api/schema.d.ts): run `npm run contract` after changing a route', {
      timeout: 300_000,
    }, async () => {
      const text = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).body;
      // Through a file: reading a piped stdin in one go can fail with EAGAIN.
      const file = join(h().dir, 'openapi.json');
      writeFileSync(file, text);
      const check = spawnSync(process.execPath, ['tools/contract/generate.mjs', '--check', '--doc', file], {
        cwd: root,
        encoding: 'utf8',
      });
      expect(check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  },
  { seed: false },
);
