/**
 * OpenAPI-driven fuzzing: every operation of /api/openapi.json gets malformed requests — path parameters,
 * queries, bodies (wrong types, nulls, huge and odd strings, nesting, unknown fields, broken JSON) and
 * content types — through Fastify's in-process inject, as a logged-in supervisor and administrator and
 * anonymously. Not one answer may be a 5xx, and the server must be healthy afterwards.
 * Deterministic (seeded), so a failure names a request that can be replayed.
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../support/harness.js';

// 6,000 per database: 12,000 malformed requests per run across SQLite and PostgreSQL.
const REQUESTS_PER_DATABASE = Number(process.env.PULIH_FUZZ_REQUESTS ?? 6_000);
const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
// Operations that would end the fuzzing session; the rest are all fuzzed.
const skipped = new Set(['auth.logout', 'auth.logoutAll']);
// Wrong TOTP codes lock the authenticator and end the user's sessions (as they should): these are fuzzed
// anonymously, so the logged-in lanes keep their sessions.
const anonymousOnly = new Set(['auth.totp.verify', 'auth.totp.enroll', 'auth.password.change']);

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  enum?: unknown[];
  format?: string;
  anyOf?: JsonSchema[];
}
interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** Mulberry32: a small seeded generator, so every run sends the same requests. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const oddStrings = [
  '',
  ' ',
  'x',
  '0',
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '\uD800',
  '😀🇮🇩',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '${7*7}',
  '00000000-0000-0000-0000-000000000000',
  '01a22a15-0000-7000-8000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '9999-12-31T23:59:59.999Z',
  'a'.repeat(5000),
  'é'.repeat(300),
  '[]',
  '{}',
  'eyJhIjoxfQ',
  '__proto__',
  'constructor',
];
const oddValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53 + 1,
  -(2 ** 31),
  1e308,
  [],
  [null],
  {},
  { __proto__: { admin: true } },
  { a: { b: { c: { d: { e: {} } } } } },
  Array.from({ length: 50 }, (_, i) => i),
  ...oddStrings,
];

/** encodeURIComponent, except a lone surrogate (which it refuses) is sent as raw percent bytes. */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

export function fuzzRequests(paths: Record<string, Record<string, Operation>>, count: number, seed = 10) {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const ops: { method: string; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(paths))
    for (const m of methods) {
      const op = item[m];
      if (op && !skipped.has(op.operationId ?? '')) ops.push({ method: m.toUpperCase(), path, op });
    }

  const valueFor = (schema: JsonSchema | undefined): unknown => {
    if (r() < 0.6) return pick(oddValues);
    const type = Array.isArray(schema?.type) ? schema?.type[0] : schema?.type;
    if (schema?.enum && r() < 0.5) return pick(schema.enum);
    switch (type) {
      case 'string':
        return pick(oddStrings);
      case 'integer':
      case 'number':
        return pick([0, -5, 3.7, 1e12, Number.MAX_SAFE_INTEGER, '12', 'x']);
      case 'boolean':
        return pick([true, false, 'true', 1]);
      case 'array':
        return r() < 0.5 ? [] : Array.from({ length: 1 + Math.floor(r() * 3) }, () => valueFor(schema?.items));
      case 'object':
        return bodyFor(schema);
      default:
        return pick(oddValues);
    }
  };
  const bodyFor = (schema: JsonSchema | undefined): unknown => {
    const props = Object.entries(schema?.properties ?? {});
    const out: Record<string, unknown> = {};
    for (const [k, s] of props) if (r() < 0.7) out[k] = valueFor(s);
    if (r() < 0.3) out[pick(oddStrings).slice(0, 40) || 'extra'] = pick(oddValues);
    return out;
  };

  const requests: { method: string; url: string; payload?: string | Buffer; contentType?: string; op: string }[] = [];
  for (let i = 0; i < count; i++) {
    const { method, path, op } = ops[i % ops.length]!;
    const url = path.replace(/\{([^}]+)\}/g, () => {
      const v = r() < 0.5 ? pick(oddStrings) : pick(['1', 'abc', '01a22a15-0000-7000-8000-000000000000']);
      return enc(v.slice(0, 300));
    });
    const query: string[] = [];
    for (const p of op.parameters ?? []) {
      if (p.in !== 'query' || r() < 0.4) continue;
      const v = valueFor(p.schema);
      const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
      query.push(`${enc(p.name)}=${enc(text.slice(0, 2000))}`);
      if (r() < 0.1) query.push(`${enc(p.name)}=${enc(text.slice(0, 20))}`);
    }
    if (r() < 0.15) query.push(`${enc(pick(oddStrings).slice(0, 20))}=1`);
    const full = query.length ? `${url}?${query.join('&')}` : url;
    let payload: string | Buffer | undefined;
    let contentType: string | undefined;
    if (method !== 'GET') {
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const kind = r();
      if (kind < 0.55) {
        payload = JSON.stringify(bodyFor(schema));
        contentType = 'application/json';
      } else if (kind < 0.65) {
        payload = JSON.stringify(pick(oddValues));
        contentType = 'application/json';
      } else if (kind < 0.75) {
        payload = pick(['{', '{"a":', '[1,2', 'nul', '{"a":1}}', '\u0000', '{"__proto__":{"x":1}}']);
        contentType = 'application/json';
      } else if (kind < 0.82) {
        payload = 'a=1&b=2';
        contentType = pick(['application/x-www-form-urlencoded', 'text/plain', 'application/xml']);
      } else if (kind < 0.9) {
        payload = Buffer.from(
          '--x\r\nContent-Disposition: form-data; name="file"; filename="a"\r\n\r\nzz\r\n--x--\r\n',
        );
        contentType = pick([
          'multipart/form-data; boundary=x',
          'multipart/form-data',
          'multipart/form-data; boundary=',
        ]);
      } else if (kind < 0.95) {
        payload = JSON.stringify(bodyFor(schema));
        contentType = pick(['application/json; charset=latin1', 'application/JSON', 'application/json;;', 'text/json']);
      }
    }
    requests.push({ method, url: full, payload, contentType, op: op.operationId ?? `${method} ${path}` });
  }
  return { requests, operations: ops.length };
}

describeEachDatabase('OpenAPI fuzzing', (h) => {
  it(`sends ${REQUESTS_PER_DATABASE} malformed requests across every operation: no 5xx, healthy afterwards`, async () => {
    const doc = (await h().app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const { requests, operations } = fuzzRequests(doc.paths, REQUESTS_PER_DATABASE);
    expect(operations).toBeGreaterThan(100);
    const clients: (Client | undefined)[] = [
      await h().login('supervisor.ntt'),
      await h().login('admin'),
      await h().login('caseworker.ntt'),
      undefined,
    ];
    const failures: string[] = [];
    let i = 0;
    let authenticated = 0;
    let unauthenticated = 0;
    const slow = new Map<string, number>();
    // A few requests in flight at once, as a busy server sees them.
    const lanes = Array.from({ length: 4 }, (_, lane) => requests.filter((_, n) => n % 4 === lane));
    const send = async (req: (typeof requests)[number]) => {
      const started = performance.now();
      const client = anonymousOnly.has(req.op) ? undefined : clients[i++ % clients.length];
      const res: LightMyRequestResponse = await h().app.inject({
        method: req.method as 'GET',
        url: req.url,
        headers: {
          'accept-language': 'en',
          ...(req.contentType ? { 'content-type': req.contentType } : {}),
          ...(client
            ? {
                cookie: Object.entries(client.cookies)
                  .map(([k, v]) => `${k}=${v}`)
                  .join('; '),
                ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}),
              }
            : {}),
        },
        ...(req.payload !== undefined ? { payload: req.payload } : {}),
      });
      slow.set(req.op, (slow.get(req.op) ?? 0) + performance.now() - started);
      if (client) {
        authenticated++;
        if (res.statusCode === 401) unauthenticated++;
      }
      if (res.statusCode >= 500)
        failures.push(
          `${res.statusCode} ${req.op} ${req.method} ${req.url.slice(0, 200)} ${String(req.payload ?? '').slice(0, 200)} → ${res.body.slice(0, 300)}`,
        );
    };
    await Promise.all(
      lanes.map(async (lane) => {
        for (const req of lane) await send(req);
      }),
    );
    if (process.env.PULIH_FUZZ_PROFILE)
      // biome-ignore lint/suspicious/noConsole: an opt-in profile of where fuzzing time goes
      console.log(
        [...slow.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([k, v]) => `${k} ${Math.round(v)}ms`)
          .join('\n'),
      );
    expect(failures.slice(0, 20), `${failures.length} answers ≥ 500`).toEqual([]);
    // The logged-in lanes stayed logged in: the fuzzing reached the validation and services behind the session.
    expect(unauthenticated / authenticated).toBeLessThan(0.05);
    expect((await h().app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    // Still serving real work (a fresh login would meet the login rate limit the fuzzing has used up).
    expect((await (clients[0] as Client).get('/api/cases?limit=5')).statusCode).toBe(200);
  }, 600_000);
});
