import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { testEvent, withTestActions } from '../../test/support/audit.js';
import { cliEnv, runCli } from '../../test/support/cli.js';
import { describeEachDatabase } from '../../test/support/harness.js';
import { appendAudit, auditHash, auditHashReference, canonicalJson } from './audit.js';
import { verifyAuditChain } from './audit-verify.js';
import { transact } from './context.js';

/** Runs `pulih audit verify` as a separate process against the harness database. */
function cliVerify(h: { dbUrl: string; dir: string }) {
  return runCli(['audit', 'verify'], { ...cliEnv(h), PULIH_LOG_LEVEL: 'silent' }, 100_000);
}

describeEachDatabase('audit trail', (h) => {
  const db = () => h().services.database.db;
  const seqOf = async (action: string) =>
    Number(
      (await sql<{ seq: number }>`select max(seq) as seq from audit_events where action = ${action}`.execute(db()))
        .rows[0]?.seq,
    );

  it('chains every event to the previous one and verifies whole', async () => {
    const ctx = withTestActions(h().operator());
    for (let i = 0; i < 5; i++) {
      await transact(ctx, (tx) =>
        appendAudit(
          tx,
          ctx,
          testEvent({
            action: 'test.event',
            entityType: 'test',
            entityId: String(i),
            details: { i, nested: { b: 1, a: [1, 2] } },
          }),
        ),
      );
    }
    const result = await verifyAuditChain(db(), h().services.database.adapter);
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThan(20);
    const rows = (
      await sql<{
        seq: number;
        prev_hash: string;
        hash: string;
      }>`select seq, prev_hash, hash from audit_events order by seq`.execute(db())
    ).rows;
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
  });

  it('rolls the event back with the mutation when the transaction fails', async () => {
    const ctx = withTestActions(h().operator());
    const before = await seqOf('test.rolledback');
    await expect(
      transact(ctx, async (tx) => {
        await appendAudit(tx, ctx, testEvent({ action: 'test.rolledback' }));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await seqOf('test.rolledback')).toBe(before);
    expect((await verifyAuditChain(db(), h().services.database.adapter)).ok).toBe(true);
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    await expect(sql`update audit_events set action = 'forged' where seq = 1`.execute(db())).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_events where seq = 1`.execute(db())).rejects.toThrow(/append-only/);
  });

  it('pulih audit verify exits 0 on a whole chain', async () => {
    const run = await cliVerify(h());
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/chain is whole: \d+ events verified/);
  }, 120_000); // a CLI process starts (tsx): slow on a loaded machine

  it('detects an edited event (with the trigger disabled) and names it, via API and CLI', async () => {
    const target = await seqOf('agencies.create');
    for (const stmt of h().services.database.adapter.disableTriggersSql('audit_events'))
      await sql.raw(stmt).execute(db());
    await sql`update audit_events set entity_id = 'tampered' where seq = ${target}`.execute(db());
    const result = await verifyAuditChain(db(), h().services.database.adapter);
    expect(result).toMatchObject({ ok: false, brokenAt: { seq: target, reason: 'hash_mismatch' } });

    const dpo = await h().login('dpo');
    const api = await dpo.get('/api/audit/verify');
    expect(api.json()).toMatchObject({ ok: false, brokenAt: { seq: target, reason: 'hash_mismatch' } });

    const run = await cliVerify(h());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`seq ${target}`);
  }, 120_000); // a CLI process starts (tsx): slow on a loaded machine
});

describeEachDatabase('audit chain with awkward text', (h) => {
  it('verifies events whose text needs JSON escaping (the database writes part of the hash material)', async () => {
    const ctx = { ...withTestActions(h().operator()), ip: '::1 "quoted"' };
    const awkward = [
      'tab\there',
      'new\nline',
      'quote " and \\ backslash',
      'ctl \u0001\u001f\u007f',
      'é 日本 🙂 \u2028',
      '',
    ];
    for (const [i, text] of awkward.entries()) {
      await transact(ctx, (tx) =>
        appendAudit(
          tx,
          ctx,
          testEvent({
            action: `test.awkward.${i}`,
            entityType: text,
            entityId: text,
            purpose: text,
            actor: { userId: text, username: `${text}user`, agencyId: null },
            details: { [text]: text, nested: { z: [text, 1.5, null, true], a: -0 } },
          }),
        ),
      );
    }
    expect(await verifyAuditChain(h().services.database.db, h().services.database.adapter)).toMatchObject({ ok: true });
  });
});

describeEachDatabase('audit trail deletions', (h) => {
  const db = () => h().services.database.db;
  const disable = async () => {
    for (const stmt of h().services.database.adapter.disableTriggersSql('audit_events'))
      await sql.raw(stmt).execute(db());
  };

  it('detects a deleted event in the middle and a deleted last event', async () => {
    await disable();
    await sql`delete from audit_events where seq = 3`.execute(db());
    expect(await verifyAuditChain(db(), h().services.database.adapter)).toMatchObject({
      ok: false,
      brokenAt: { seq: 3, reason: 'sequence_gap' },
    });
    const run = await cliVerify(h());
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('seq 3');
  }, 120_000); // a CLI process starts (tsx): slow on a loaded machine
});

describeEachDatabase('audit trail tail deletion', (h) => {
  it('detects removal of the newest event through the chain head', async () => {
    const db = h().services.database.db;
    for (const stmt of h().services.database.adapter.disableTriggersSql('audit_events'))
      await sql.raw(stmt).execute(db);
    const last = Number(
      (await sql<{ seq: number }>`select max(seq) as seq from audit_events`.execute(db)).rows[0]?.seq,
    );
    await sql`delete from audit_events where seq = ${last}`.execute(db);
    expect(await verifyAuditChain(db, h().services.database.adapter)).toMatchObject({
      ok: false,
      brokenAt: { seq: last, reason: 'head_mismatch' },
    });
  });
});

describeEachDatabase('audit viewer API', (h) => {
  it('filters by actor, action prefix, entity and time, newest first, with keyset pages', async () => {
    const admin = await h().login('admin');
    const created = await admin.post('/api/agencies', {
      name: 'UPTD PPA Kabupaten Kupang',
      type: 'uptd_ppa',
      regionCode: '53.01',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const dpo = await h().login('dpo');
    const byEntity = await dpo.get(`/api/audit?entityType=agency&entityId=${id}`);
    expect(byEntity.json().items).toHaveLength(1);
    expect(byEntity.json().items[0]).toMatchObject({
      action: 'agencies.create',
      actorUsername: 'admin',
      outcome: 'success',
    });
    const auth = await dpo.get('/api/audit?action=auth.&limit=3');
    expect(auth.json().items).toHaveLength(3);
    for (const e of auth.json().items) expect(e.action.startsWith('auth.')).toBe(true);
    const next = await dpo.get(`/api/audit?action=auth.&limit=3&cursor=${auth.json().nextCursor}`);
    expect(next.json().items[0].seq).toBeLessThan(auth.json().items[2].seq);
    const future = await dpo.get(
      `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 86_400_000 * 30).toISOString())}`,
    );
    expect(future.json().items).toHaveLength(0);
    const caseworker = await h().login('caseworker.ntt');
    expect((await caseworker.get('/api/audit')).statusCode).toBe(403);
    expect((await dpo.get('/api/audit?cursor=garbage')).json().errors[0].field).toBe('query.cursor');
  });
});

/** The first canonicalJson, kept as the reference: every stored chain was hashed with its output. */
function referenceCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(referenceCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${referenceCanonicalJson(v)}`).join(',')}}`;
}

describe('audit hash format', () => {
  // Deterministic pseudo-random JSON values: keys in any order, unicode, numbers, nesting, undefined members.
  let state = 0x9e3779b9;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
  const strings = [
    '',
    'a',
    'Zeta',
    'ä',
    'é',
    '\u2028',
    'line\nbreak',
    '"quoted"',
    'emoji 🙂',
    '10',
    '2',
    '_',
    'B',
    'b',
  ];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)] as T;
  const value = (depth: number): unknown => {
    const r = next();
    if (depth > 3 || r < 0.35) return pick([null, true, false, 0, -1, 1.5, 1e21, -0, 42, 'x', ...strings]);
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(next() * 5); i > 0; i--) o[pick(strings)] = next() < 0.1 ? undefined : value(depth + 1);
    return o;
  };

  it('canonicalJson writes exactly what the first implementation wrote', () => {
    for (let i = 0; i < 5000; i++) {
      const v = value(0);
      expect(canonicalJson(v)).toBe(referenceCanonicalJson(v));
    }
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('hashes an event exactly as canonicalJson of its fields did', () => {
    for (let i = 0; i < 2000; i++) {
      const maybe = () => (next() < 0.3 ? null : pick(strings));
      const event = {
        seq: i + 1,
        id: `id-${i}`,
        at: new Date(1_700_000_000_000 + i * 997).toISOString(),
        actor_user_id: maybe(),
        actor_username: maybe(),
        actor_agency_id: maybe(),
        action: pick(strings),
        entity_type: maybe(),
        entity_id: maybe(),
        outcome: 'success' as const,
        ip: maybe(),
        purpose: maybe(),
        details: null,
        prev_hash: 'f'.repeat(64),
      };
      const details = next() < 0.3 ? null : value(1);
      expect(auditHash(event, details)).toBe(auditHashReference(event, details));
    }
  });
});

describeEachDatabase('audit verify on threads', (h) => {
  const db = () => h().services.database.db;
  const adapter = () => h().services.database.adapter;
  /** The single walk's answer, and the threads' answer with slices of 2 and 3 events (the links between slices). */
  const agree = async () => {
    const single = await verifyAuditChain(db(), adapter(), undefined, 5_000, undefined, { threads: 0 });
    for (const batch of [2, 3, 5_000]) {
      expect(await verifyAuditChain(db(), adapter(), undefined, batch, undefined, { threads: 2 })).toEqual(single);
    }
    return single;
  };

  it('gives the single walk’s answer, whole and after each kind of tampering', { timeout: 240_000 }, async () => {
    const ctx = withTestActions(h().operator());
    for (let i = 0; i < 12; i++) {
      await transact(ctx, (tx) =>
        appendAudit(
          tx,
          ctx,
          testEvent({ action: 'test.thread', entityType: 'test', entityId: String(i), details: { i } }),
        ),
      );
    }
    const whole = await agree();
    expect(whole.ok).toBe(true);
    const last = whole.checked;
    expect(last).toBeGreaterThan(12);
    for (const stmt of adapter().disableTriggersSql('audit_events')) await sql.raw(stmt).execute(db());
    const target = last - 5;
    const row = (
      await sql<{
        entity_id: string;
        prev_hash: string;
      }>`select entity_id, prev_hash from audit_events where seq = ${target}`.execute(db())
    ).rows[0]!;

    await sql`update audit_events set entity_id = 'tampered' where seq = ${target}`.execute(db());
    expect(await agree()).toMatchObject({
      ok: false,
      checked: target - 1,
      brokenAt: { seq: target, reason: 'hash_mismatch' },
    });
    await sql`update audit_events set entity_id = ${row.entity_id} where seq = ${target}`.execute(db());

    await sql`update audit_events set prev_hash = ${'f'.repeat(64)} where seq = ${target}`.execute(db());
    expect(await agree()).toMatchObject({ ok: false, brokenAt: { seq: target, reason: 'chain_break' } });
    await sql`update audit_events set prev_hash = ${row.prev_hash} where seq = ${target}`.execute(db());
    expect((await agree()).ok).toBe(true);

    await sql`delete from audit_events where seq = ${target}`.execute(db());
    expect(await agree()).toMatchObject({
      ok: false,
      checked: target - 1,
      brokenAt: { seq: target, reason: 'sequence_gap' },
    });
    // A gap longer than a slice: the walk must still find the events after it.
    await sql`delete from audit_events where seq > ${target} and seq < ${last}`.execute(db());
    expect(await agree()).toMatchObject({ ok: false, brokenAt: { seq: target, reason: 'sequence_gap' } });
  });
});
