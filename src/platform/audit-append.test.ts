import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { testEvent, withTestActions } from '../../test/support/audit.js';
import { describeEachDatabase } from '../../test/support/harness.js';
import { appendAudit, appendAudits } from './audit.js';
import { verifyAuditChain } from './audit-verify.js';
import { transact } from './context.js';

/** Statements sent to PostgreSQL while fn runs (every query of the pg driver is one round trip). */
async function pgStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const statements: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string };
    statements.push(typeof q === 'string' ? q : (q?.text ?? ''));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), statements };
  } finally {
    pg.Client.prototype.query = original;
  }
}

describeEachDatabase('audit append under concurrency', (h) => {
  const db = () => h().services.database.db;
  const chain = async () =>
    (await sql<{ seq: number }>`select seq from audit_events order by seq`.execute(db())).rows.map((r) =>
      Number(r.seq),
    );

  it('two transactions appending at once both commit, in one unbroken chain', async () => {
    const ctx = withTestActions(h().operator());
    const before = (await chain()).length;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    // A appends and keeps its transaction open (on PostgreSQL it holds the head's row lock); B appends meanwhile,
    // on the head it read before A committed, and must fall back to the locked path once A has.
    const a = transact(ctx, async (tx) => {
      await appendAudits(tx, ctx, [
        testEvent({ action: 'test.concurrent', entityId: 'a1' }),
        testEvent({ action: 'test.concurrent', entityId: 'a2' }),
      ]);
      await gate;
    });
    const b = transact(ctx, async (tx) => {
      await appendAudit(tx, ctx, testEvent({ action: 'test.concurrent', entityId: 'b1' }));
    });
    setTimeout(release, 300);
    const { statements } = await pgStatements(() => Promise.all([a, b]));
    // On PostgreSQL B's swap found the head moved and B took the locked path.
    if (h().dialect === 'postgres')
      expect(statements.some((s) => /from audit_chain_head where id = 1 for update$/.test(s))).toBe(true);
    // And many writers at once, each with one to three events.
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        transact(ctx, (tx) =>
          appendAudits(
            tx,
            ctx,
            Array.from({ length: 1 + (i % 3) }, (_, j) =>
              testEvent({ action: 'test.concurrent', entityId: `m${i}.${j}` }),
            ),
          ),
        ),
      ),
    );
    const seqs = await chain();
    expect(seqs.length).toBe(before + 3 + 24);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
    const head = await sql<{ seq: number }>`select seq from audit_chain_head where id = 1`.execute(db());
    expect(Number(head.rows[0]?.seq)).toBe(seqs[seqs.length - 1]);
    const result = await verifyAuditChain(db(), h().services.database.adapter);
    expect(result).toMatchObject({ ok: true });
  });

  it('appends in two statements on PostgreSQL: the head read, then one swap-and-insert', async () => {
    const ctx = withTestActions(h().operator());
    const { statements } = await pgStatements(() =>
      transact(ctx, (tx) => appendAudit(tx, ctx, testEvent({ action: 'test.roundtrips', entityId: 'x' }))),
    );
    if (h().dialect !== 'postgres') return expect(statements).toEqual([]);
    const inside = statements.filter((s) => !/^(begin|commit)/i.test(s.trim()));
    expect(inside).toHaveLength(2);
    expect(inside[0]).toMatch(/^select .* from audit_chain_head where id = 1$/);
    expect(inside[1]).toMatch(/^with head as \(\s*update audit_chain_head/);
    expect((await verifyAuditChain(db(), h().services.database.adapter)).ok).toBe(true);
  });
});
