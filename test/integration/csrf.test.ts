import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../support/harness.js';

type Doc = { paths: Record<string, Record<string, { operationId?: string }>> };

/**
 * Operations that take no session and so no CSRF token: logging in, the public reporting portal and public
 * keys. Everything else that changes state must carry the session's own x-csrf-token.
 */
const exempt = new Set(['auth.login']);
const isPublicPortal = (path: string) => path.startsWith('/api/public/') || path.startsWith('/api/lapor');

const MUTATING = ['post', 'put', 'patch', 'delete'];
const anyId = '01a22a15-0000-7000-8000-00000000abcd';

async function mutatingOperations(client: Client) {
  const doc = (await client.get('/api/openapi.json')).json() as Doc;
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => MUTATING.includes(method))
      .map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        url: path.replace(/\{[^}]+\}/g, anyId),
        operationId: op.operationId ?? `${method} ${path}`,
      })),
  );
}

describeEachDatabase('CSRF: every state-changing operation needs the session’s own token', (h) => {
  it('refuses every mutating operation of the OpenAPI document without the header and with another session’s token', async () => {
    const victim = await h().login('caseworker.ntt');
    const attacker = await h().login('supervisor.ntt');
    expect(victim.csrf).toBeTruthy();
    expect(attacker.csrf).toBeTruthy();
    expect(attacker.csrf).not.toBe(victim.csrf);
    const ops = (await mutatingOperations(victim)).filter((o) => !exempt.has(o.operationId) && !isPublicPortal(o.path));
    expect(ops.length).toBeGreaterThan(60);
    const db = h().services.database.db;
    const events = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from audit_events`.execute(db)).rows[0]!.n);
    const before = await events();
    const cookie = Object.entries(victim.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join('; ');
    const failures: string[] = [];
    for (const op of ops) {
      for (const [label, token] of [
        ['no header', undefined],
        ['another session’s token', attacker.csrf],
        ['empty token', ''],
      ] as const) {
        const res = await h().app.inject({
          method: op.method as 'POST',
          url: op.url,
          headers: {
            cookie,
            'content-type': 'application/json',
            ...(token !== undefined ? { 'x-csrf-token': token } : {}),
          },
          payload: '{}',
        });
        const code = String(res.headers['content-type'] ?? '').includes('json')
          ? (res.json() as { code?: string }).code
          : undefined;
        if (res.statusCode !== 403 || code !== 'csrf_invalid')
          failures.push(`${op.operationId} (${label}): ${res.statusCode} ${code ?? res.body.slice(0, 80)}`);
      }
    }
    expect(failures).toEqual([]);
    // Nothing was written: no audit event, and the victim's session still works with its own token.
    expect(await events()).toBe(before);
    expect((await victim.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
  });

  it('the exempt operations are only those that run before a session exists', async () => {
    const client = await h().login('caseworker.ntt');
    const all = await mutatingOperations(client);
    for (const id of exempt) expect(all.map((o) => o.operationId)).toContain(id);
    // Logging in with a cookie but no token works (there is no session yet to forge a request for).
    const fresh = await h().app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'intake.ntt', password: 'not-the-password' }),
    });
    expect(fresh.statusCode).toBe(401);
  });
});
