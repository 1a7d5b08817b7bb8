/**
 * The authorization matrix, generated from /api/openapi.json and the role table: every operation × every
 * built-in role × a user of the record's own agency and one of another agency, on one seeded world per
 * database. It asserts deny by default (anonymous callers reach nothing but the public operations; an
 * aggregate-only role reaches no person-level record) and 404-for-forbidden: for another agency's user,
 * an existing record of agency A answers exactly like a missing one (same status, same body) — unless the
 * role's scope is the whole instance or the resource is instance-wide by design (agencies, directory).
 * Mutations are sent only by the other agency's users (who must change nothing), so the world stays fixed.
 */
import { expect, it } from 'vitest';
import { builtinRoles } from '../../src/modules/users/index.js';
import { type Client, describeEachDatabase } from '../support/harness.js';

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const MISSING = '01a22a15-0000-7000-8000-00000000dead';
// Records any agency may read by design (the instance's shared reference data).
const instanceWide = [/^\/api\/agencies\//, /^\/api\/directory\//, /^\/api\/reference\//];
// Operations whose path id is not a record of an agency (or that end the session).
const notRecordScoped = new Set(['auth.logout', 'auth.logoutAll']);

interface Operation {
  operationId?: string;
  security?: unknown[];
}

describeEachDatabase('authorization matrix (OpenAPI × roles × agencies)', (h) => {
  it('denies by default and answers a forbidden record exactly like a missing one, for every operation and role', async () => {
    const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const ops: { method: string; path: string; id: string }[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const m of methods) {
        const op = item[m];
        if (op && !notRecordScoped.has(op.operationId ?? '') && path.startsWith('/api/'))
          ops.push({ method: m.toUpperCase(), path, id: op.operationId ?? `${m} ${path}` });
      }
    expect(ops.length).toBeGreaterThan(100);

    // The world: a case (with its person, a note, an attachment-free file) in agency A (UPTD NTT).
    const cw = await h().login('caseworker.ntt');
    const kase = await cw.post('/api/cases', {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: 2000, regionCode: '53.71' },
      identity: { fullName: 'Matrix Person Satu' },
    });
    expect(kase.statusCode, kase.body).toBe(201);
    const caseId = kase.json().id as string;
    const personId = kase.json().personId as string;
    const me = (await cw.get('/api/auth/me')).json();
    const ids: Record<string, string> = { cases: caseId, persons: personId, users: me.id, agencies: me.agency.id };
    const fill = (path: string, missing: boolean) =>
      path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        if (missing) return MISSING;
        if (name === 'userId') return me.id;
        const resource = path.split('/')[2] ?? '';
        return ids[resource] ?? caseId;
      });

    // One user per built-in role in agency A (own) and in agency B (other: UPTD Jawa Barat).
    const roles = Object.keys(builtinRoles) as (keyof typeof builtinRoles)[];
    const users: { role: string; side: 'own' | 'other'; client: Client }[] = [];
    // Each user from an address of its own (logins are rate-limited per address).
    let n = 0;
    for (const role of roles) {
      for (const [side, agency] of [
        ['own', 'UPTD PPA Provinsi Nusa Tenggara Timur'],
        ['other', 'UPTD PPA Provinsi Jawa Barat'],
      ] as const) {
        n++;
        users.push({ role, side, client: await h().provision(`m.${side}.${role}`, agency, [role], `10.77.0.${n}`) });
      }
    }

    const problems: string[] = [];
    const anonymous = h().app;
    const send = (c: Client | undefined, method: string, url: string) =>
      c
        ? c.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {})
        : anonymous.inject({
            method: method as 'GET',
            url,
            headers: { 'content-type': 'application/json' },
            payload: '{}',
          });

    for (const op of ops) {
      // Deny by default: anonymous callers reach only what is declared public.
      const anon = await send(undefined, op.method, fill(op.path, false));
      const isPublic = anon.statusCode !== 401;
      if (isPublic && op.path !== '/api/auth/login' && !/^\/api\/(public|tips\/public|lapor)/.test(op.path)) {
        // A public operation must still never show a record: only 2xx for declared-public endpoints.
        if (anon.statusCode < 300 && /\{/.test(op.path)) problems.push(`anonymous ${anon.statusCode} ${op.id}`);
      }
      if (!/\{/.test(op.path)) continue;
      for (const u of users) {
        const def = builtinRoles[u.role as keyof typeof builtinRoles];
        if (u.side === 'own' && op.method !== 'GET') continue;
        const real = await send(u.client, op.method, fill(op.path, false));
        // The missing-record answer is needed for another agency's user, and for a 404 of one's own.
        const missing =
          u.side === 'other' || real.statusCode === 404 ? await send(u.client, op.method, fill(op.path, true)) : real;
        expect(real.statusCode, `${op.id} as ${u.role}/${u.side}`).toBeLessThan(500);
        if (u.side === 'other') {
          const wide = def.scope === 'all' || instanceWide.some((re) => re.test(op.path));
          const same = real.statusCode === missing.statusCode && real.body === missing.body;
          if (!same && !wide)
            problems.push(
              `${op.id} ${op.method} as ${u.role}@other: ${real.statusCode} vs missing ${missing.statusCode}`,
            );
          if (!wide && op.method !== 'GET' && real.statusCode < 300)
            problems.push(
              `${op.id} ${op.method} as ${u.role}@other changed another agency's record (${real.statusCode})`,
            );
        } else {
          if (real.statusCode === 404 && real.body !== missing.body)
            problems.push(`${op.id} as ${u.role}@own: a forbidden 404 differs from a missing one`);
          const aggregateOnly = 'aggregateOnly' in def && def.aggregateOnly;
          if (aggregateOnly && real.statusCode < 300 && !instanceWide.some((re) => re.test(op.path)))
            problems.push(`${op.id} reached a record as aggregate-only ${u.role}`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 600_000);
});
