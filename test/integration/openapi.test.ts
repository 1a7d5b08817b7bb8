/**
 * The OpenAPI document is good enough for a partner to integrate without reading the code: every
 * operation names itself, says what it does and documents the problem+json errors it can return.
 */
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../support/harness.js';

const httpMethods = ['get', 'post', 'put', 'patch', 'delete'];

interface Operation {
  operationId?: string;
  summary?: string;
  responses?: Record<string, { content?: Record<string, unknown> }>;
}

describeEachDatabase(
  'OpenAPI document',
  (h) => {
    it('gives every operation a summary and at least one documented 4xx problem+json answer', async () => {
      const res = await h().app.inject({ method: 'GET', url: '/api/openapi.json' });
      const doc = res.json() as { paths: Record<string, Record<string, Operation>> };
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

    it('marks a record-naming operation with 404 and a public one without 401', async () => {
      const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
        paths: Record<string, Record<string, Operation>>;
      };
      const getCase = doc.paths['/api/cases/{id}']?.get;
      expect(Object.keys(getCase?.responses ?? {})).toEqual(
        expect.arrayContaining(['200', '400', '401', '403', '404']),
      );
      const login = doc.paths['/api/auth/login']?.post;
      expect(Object.keys(login?.responses ?? {})).toEqual(expect.arrayContaining(['400', '429']));
      expect(Object.keys(login?.responses ?? {})).not.toContain('401');
    });
  },
  { seed: false },
);
