import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../support/harness.js';

const BODY_LIMIT = 2048;

/** Operations the contract (docs/api.md) promises at least. */
const requiredOperations = [
  'auth.login',
  'auth.logout',
  'auth.me',
  'auth.password.change',
  'auth.totp.enroll',
  'auth.totp.verify',
  'agencies.list',
  'agencies.create',
  'agencies.update',
  'users.list',
  'users.create',
  'users.update',
  'users.disable',
  'users.resetPassword',
  'roles.list',
  'audit.list',
  'audit.verify',
  'access.breakGlass',
  // Referrals, consent-scoped sharing, the directory, packages, alerts and conferences (issue 4).
  'directory.search',
  'directory.services.upsert',
  'consents.create',
  'consents.withdraw',
  'consents.list',
  'referrals.create',
  'referrals.inbox',
  'referrals.get',
  'referrals.accept',
  'referrals.decline',
  'referrals.complete',
  'referrals.revoke',
  'referrals.servicesDelivered',
  'cases.transferLead',
  'cases.acceptLead',
  'exchange.referralPackage.export',
  'exchange.referralPackage.import',
  'alerts.list',
  'alerts.markRead',
  'conferences.create',
];
const httpMethods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

describeEachDatabase(
  'HTTP edge',
  (h) => {
    /** Every response to a bad input goes here; none may be a 500. */
    const seen: { what: string; status: number }[] = [];
    const track = (what: string, res: LightMyRequestResponse) => {
      seen.push({ what, status: res.statusCode });
      return res;
    };
    const expectProblem = (res: LightMyRequestResponse, status: number, code: string) => {
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        status,
        code,
        type: expect.any(String),
        title: expect.any(String),
        detail: expect.any(String),
      });
    };
    const raw = (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: string,
      headers: Record<string, string> = {},
    ) => h().app.inject({ method, url, payload, headers: { 'content-type': 'application/json', ...headers } });

    it('answers malformed JSON with 400 malformed_json (public and signed-in routes)', async () => {
      for (const body of ['{"username": "admin", "password": ', '{username: admin}', 'not json at all', '{"a":1}}']) {
        expectProblem(track(`login ${body}`, await raw('POST', '/api/auth/login', body)), 400, 'malformed_json');
      }
      const c = await h().login('caseworker.ntt');
      const res = track('patch me malformed', await c.request('PATCH', '/api/auth/me', '{"locale": "en"'));
      expectProblem(res, 400, 'malformed_json');
      expect(res.json().title).toBe('Isi permintaan bukan JSON yang valid');
      // Nothing was changed.
      expect((await c.get('/api/auth/me')).json().locale).toBe('id');
    });

    it('answers a NUL character in a body or query with 400 naming the field (PostgreSQL text cannot hold it)', async () => {
      const login = track(
        'login NUL',
        await raw('POST', '/api/auth/login', JSON.stringify({ username: 'adm\u0000in', password: 'x' })),
      );
      expectProblem(login, 400, 'validation');
      expect(login.json().errors).toEqual([expect.objectContaining({ field: 'username', code: 'invalid' })]);
      const c = await h().login('caseworker.ntt');
      const list = track('agencies NUL', await c.get('/api/agencies?q=a%00b'));
      expectProblem(list, 400, 'validation');
      expect(list.json().errors).toEqual([expect.objectContaining({ field: 'query.q', code: 'invalid' })]);
    });

    it('answers a body over the limit with 413 payload_too_large naming the limit', async () => {
      const big = JSON.stringify({ username: 'admin', password: 'x'.repeat(BODY_LIMIT * 2) });
      const res = track('login big', await raw('POST', '/api/auth/login', big));
      expectProblem(res, 413, 'payload_too_large');
      expect(res.json().detail).toContain(String(BODY_LIMIT));

      const c = await h().login('admin');
      const agency = track(
        'agency big',
        await c.post('/api/agencies', {
          name: 'Lembaga Besar',
          type: 'ngo',
          regionCode: '53.71',
          shortName: 'y'.repeat(BODY_LIMIT),
        }),
      );
      expectProblem(agency, 413, 'payload_too_large');
      // Just under the limit is fine (and then validated as usual).
      const fits = track(
        'agency fits',
        await c.post('/api/agencies', {
          name: 'Lembaga Pas',
          type: 'ngo',
          regionCode: '53.71',
          shortName: 'y'.repeat(BODY_LIMIT - 200),
        }),
      );
      expect(fits.statusCode).toBe(400);
      expect(fits.json().errors[0]).toMatchObject({ field: 'shortName', code: 'too_long' });
    });

    it('answers wrong types with 400 naming each field', async () => {
      const login = track(
        'login types',
        await raw('POST', '/api/auth/login', JSON.stringify({ username: 123, password: true })),
      );
      expectProblem(login, 400, 'validation');
      const fields = login
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort();
      expect(fields).toEqual(['password', 'username']);

      const c = await h().login('admin');
      const agency = track(
        'agency types',
        await c.post('/api/agencies', { name: 42, type: 'ngo', regionCode: ['53.71'] }),
      );
      expectProblem(agency, 400, 'validation');
      expect(
        agency
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['name', 'regionCode']);
      // The submitted value is never echoed back.
      expect(agency.body).not.toContain('53.71');

      const missing = track('agency missing', await c.post('/api/agencies', { type: 'ngo' }));
      expect(missing.json().errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'name', code: 'required' })]),
      );

      const arrayBody = track('agency array', await c.post('/api/agencies', [1, 2]));
      expectProblem(arrayBody, 400, 'validation');
      const nullBody = track('agency null', await c.request('POST', '/api/agencies', 'null'));
      expectProblem(nullBody, 400, 'validation');
      const emptyBody = track('agency empty', await c.request('POST', '/api/agencies', ''));
      expectProblem(emptyBody, 400, 'validation');

      const limit = track('limit abc', await c.get('/api/agencies?limit=abc'));
      expectProblem(limit, 400, 'validation');
      expect(limit.json().errors[0].field).toBe('query.limit');
      const tooMany = track('limit 1000', await c.get('/api/agencies?limit=1000'));
      expect(tooMany.json().errors[0]).toMatchObject({ field: 'query.limit', code: 'too_big' });
      const unknownQuery = track('query unknown', await c.get('/api/agencies?colour=red'));
      expect(unknownQuery.json().errors[0]).toMatchObject({ field: 'query.colour', code: 'unknown_field' });

      const xml = track(
        'xml',
        await c.request('POST', '/api/agencies', '<agency/>', { 'content-type': 'application/xml' }),
      );
      expectProblem(xml, 415, 'unsupported_media_type');
      const textPlain = track(
        'text/plain',
        await c.request('POST', '/api/agencies', 'name=x', { 'content-type': 'text/plain' }),
      );
      expectProblem(textPlain, 400, 'validation');
    });

    // Source bug (see report): zod 4 leaves `input` out of its issues, so fieldIssuesFromZod
    // (src/platform/errors.ts) reports every wrong type as `required` ("Kolom ini wajib diisi.").
    it('tells a wrong type (invalid_type) apart from a missing field (required)', async () => {
      const res = track(
        'login wrong vs missing',
        await raw('POST', '/api/auth/login', JSON.stringify({ username: 123 })),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([
        expect.objectContaining({ field: 'username', code: 'invalid_type' }),
        expect.objectContaining({ field: 'password', code: 'required' }),
      ]);
    });

    it('answers an unknown API route with 404 problem+json', async () => {
      const c = await h().login('caseworker.ntt');
      for (const [method, url] of [
        ['GET', '/api/nothing-here'],
        ['GET', '/api/agencies/x/y/z'],
        ['POST', '/api/reference/regions'],
      ] as const) {
        const res = track(`${method} ${url}`, await c.request(method, url, method === 'POST' ? {} : undefined));
        expectProblem(res, 404, 'route_not_found');
      }
      // Anonymous callers learn nothing about routes.
      const anon = track('anon unknown', await h().app.inject({ method: 'GET', url: '/api/nothing-here' }));
      expect(anon.statusCode).toBe(401);
      expect(anon.headers['content-type']).toContain('application/problem+json');
    });

    it('serves liveness, readiness with the database name, and Prometheus metrics without login', async () => {
      const health = await h().app.inject({ method: 'GET', url: '/healthz' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await h().app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: h().dialect });
      // A request first, so the histogram has a sample.
      await h().app.inject({ method: 'GET', url: '/healthz' });
      const metrics = await h().app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.headers['content-type']).toContain('text/plain');
      expect(metrics.body).toContain('pulih_http_request_duration_seconds');
      expect(metrics.body).toMatch(/pulih_http_request_duration_seconds_count\{[^}]*route="\/healthz"[^}]*\} [1-9]/);
      // What the soak reads (bench/soak.ts): the pool or reader queue, the loop, writes waiting for another's lock.
      for (const gauge of ['pulih_db_waiting_peak', 'pulih_event_loop_utilization', 'pulih_db_lock_wait_seconds'])
        expect(metrics.body).toMatch(new RegExp(`^${gauge} [0-9.e+-]+$`, 'm'));
    });

    it('sends security headers on API, health and error responses', async () => {
      const c = await h().login('caseworker.ntt');
      for (const res of [
        await c.get('/api/agencies'),
        await c.get('/api/nothing-here'),
        await h().app.inject({ method: 'GET', url: '/healthz' }),
        await h().app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: '{',
          headers: { 'content-type': 'application/json' },
        }),
      ]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('publishes an OpenAPI 3.1 document naming every operation, including the contract’s', async () => {
      const res = await h().app.inject({ method: 'GET', url: '/api/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, Record<string, { operationId?: string }>> };
      expect(doc.openapi).toMatch(/^3\.1\./);
      const operationIds: string[] = [];
      const withoutId: string[] = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!httpMethods.includes(method)) continue;
          if (op.operationId) operationIds.push(op.operationId);
          else withoutId.push(`${method.toUpperCase()} ${path}`);
        }
      }
      expect(withoutId).toEqual([]);
      expect(operationIds.length).toBeGreaterThanOrEqual(requiredOperations.length);
      expect(new Set(operationIds).size).toBe(operationIds.length);
      for (const id of requiredOperations) expect(operationIds, id).toContain(id);
      // The document itself and the health endpoints are hidden.
      expect(Object.keys(doc.paths)).not.toContain('/api/openapi.json');
      expect(Object.keys(doc.paths)).not.toContain('/healthz');
    });

    it('serves the interactive API docs without login', async () => {
      let res = await h().app.inject({ method: 'GET', url: '/api/docs' });
      let hops = 0;
      while (res.statusCode >= 300 && res.statusCode < 400 && hops < 3) {
        const location = String(res.headers.location);
        const next = new URL(location, 'http://localhost/api/docs/').pathname;
        res = await h().app.inject({ method: 'GET', url: next });
        hops += 1;
      }
      if (res.statusCode !== 200) res = await h().app.inject({ method: 'GET', url: '/api/docs/static/index.html' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body.toLowerCase()).toContain('swagger');
      // The operations the docs describe still need a session.
      expect((await new Client(h().app).get('/api/users')).statusCode).toBe(401);
    });

    it('never answered any of the bad inputs with a 5xx', async () => {
      expect(seen.length).toBeGreaterThan(15);
      expect(seen.filter((s) => s.status >= 500)).toEqual([]);
      const metrics = await h().app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^pulih_http_server_errors_total 0$/m);
    });
  },
  { env: { PULIH_BODY_LIMIT_BYTES: String(BODY_LIMIT) } },
);
