import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.js';
import { appendAudit, verifyAuditChain } from './audit.js';
import { transact } from './context.js';

/** Runs `pulih audit verify` as a separate process against the harness database. */
function cliVerify(dbUrl: string, dir: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'audit', 'verify'], {
    cwd: join(import.meta.dirname, '../..'),
    env: {
      ...process.env,
      PULIH_DATABASE_URL: dbUrl,
      PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
      PULIH_LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describeEachDatabase('audit trail', (h) => {
  const db = () => h().services.database.db;
  const seqOf = async (action: string) =>
    Number(
      (await sql<{ seq: number }>`select max(seq) as seq from audit_events where action = ${action}`.execute(db()))
        .rows[0]?.seq,
    );

  it('chains every event to the previous one and verifies whole', async () => {
    const ctx = h().operator();
    for (let i = 0; i < 5; i++) {
      await transact(ctx, (tx) =>
        appendAudit(tx, ctx, {
          action: 'test.event',
          entityType: 'test',
          entityId: String(i),
          details: { i, nested: { b: 1, a: [1, 2] } },
        }),
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
    const ctx = h().operator();
    const before = await seqOf('test.rolledback');
    await expect(
      transact(ctx, async (tx) => {
        await appendAudit(tx, ctx, { action: 'test.rolledback' });
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

  it('pulih audit verify exits 0 on a whole chain', () => {
    const run = cliVerify(h().dbUrl, h().dir);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/chain is whole: \d+ events verified/);
  });

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

    const run = cliVerify(h().dbUrl, h().dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain(`seq ${target}`);
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
    const run = cliVerify(h().dbUrl, h().dir);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain('seq 3');
  });
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
