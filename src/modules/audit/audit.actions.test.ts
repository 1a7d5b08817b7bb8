import { sql } from 'kysely';
import { expect, it, vi } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { appendAudit } from '../../platform/audit.js';
import { verifyAuditChain } from '../../platform/audit-verify.js';
import { transact } from '../../platform/context.js';

describeEachDatabase('audit actions', (h) => {
  const countOf = async (action: string) =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from audit_events where action = ${action}`.execute(
          h().services.database.db,
        )
      ).rows[0]?.n,
    );

  it('lists every declared action with its Indonesian and English label, for the auditor only', async () => {
    const dpo = await h().login('dpo');
    const res = await dpo.get('/api/audit/actions');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { action: string; entityType: string | null; labels: { id: string } }[];
    expect(items.length).toBeGreaterThan(100);
    expect(items.map((i) => i.action)).toEqual([...items.map((i) => i.action)].sort());
    expect(items.find((i) => i.action === 'persons.identity.reveal')).toEqual({
      action: 'persons.identity.reveal',
      entityType: 'person',
      labels: { id: 'Identitas dibuka', en: 'Identity revealed' },
    });
    const caseworker = await h().login('caseworker.ntt');
    const refused = await caseworker.get('/api/audit/actions');
    expect(refused.statusCode, refused.body.slice(0, 300)).toBe(403);
  });

  it('strict mode (tests, development): details that do not match roll the whole transaction back', async () => {
    const ctx = h().operator();
    const before = await countOf('tasks.complete');
    await expect(
      transact(ctx, (tx) =>
        appendAudit(tx, ctx, {
          action: 'tasks.complete',
          entityType: 'case',
          entityId: 'c1',
          details: { task: 't1' } as never,
        }),
      ),
    ).rejects.toThrow(/tasks.complete/);
    expect(await countOf('tasks.complete')).toBe(before);
  });

  it('warn mode (production): the event is written as given and the mismatch is logged', async () => {
    const operator = h().operator();
    const warn = vi.fn();
    const ctx = {
      ...operator,
      config: { ...operator.config, auditDetails: 'warn' as const },
      log: { ...operator.log, warn } as unknown as typeof operator.log,
    };
    const before = await countOf('tasks.complete');
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'tasks.complete',
        entityType: 'case',
        entityId: 'c1',
        details: { task: 't1' } as never,
      }),
    );
    expect(await countOf('tasks.complete')).toBe(before + 1);
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ action: 'tasks.complete' }),
      expect.stringMatching(/does not match/),
    );
    expect((await verifyAuditChain(h().services.database.db, h().services.database.adapter)).ok).toBe(true);
  });
});
