import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { testEvent, withTestActions } from '../../test/support/audit.js';
import { describeEachDatabase } from '../../test/support/harness.js';
import { appendAudit, appendAudits, auditChainHead } from './audit.js';
import { verifyAuditChain } from './audit-verify.js';
import { VerifyThreads } from './audit-verify-threads.js';
import { type Context, transact } from './context.js';

/*
 * The audit chain on a database in use: verification beside writers, a verifying thread that dies, `at` in seq
 * order under concurrent writers, and one API verification at a time.
 */

const event = (i: number) =>
  testEvent({ action: 'test.live', entityType: 'test', entityId: String(i), details: { i } });
const append = (ctx: Context, i: number) => transact(ctx, (tx) => appendAudit(tx, ctx, event(i)));
/** Many events in one transaction (one chain head move): a chain long enough for many pages. */
const appendMany = (ctx: Context, n: number) =>
  transact(ctx, (tx) =>
    appendAudits(
      tx,
      ctx,
      Array.from({ length: n }, (_, i) => event(i)),
    ),
  );
/** Rejects when the promise has not settled within ms: a hang fails the test instead of timing it out silently. */
const within = <T>(ms: number, p: Promise<T>) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref()),
  ]);

describeEachDatabase('audit verify beside writers', (h) => {
  const db = () => h().services.database.db;
  const adapter = () => h().services.database.adapter;

  for (const threads of [0, 2]) {
    it(`verifies up to the head it read while events are appended (threads: ${threads})`, async () => {
      const ctx = withTestActions(h().operator());
      await appendMany(ctx, 1_500);
      const head = await auditChainHead(db());
      // The writer starts once the walk has begun (after it read the head) and appends until the walk has answered.
      let writing = true;
      let appended = 0;
      let writer: Promise<void> | undefined;
      const write = async () => {
        while (writing) await append(ctx, appended++);
      };
      const result = await verifyAuditChain(
        db(),
        adapter(),
        () => {
          writer ??= write();
        },
        10,
        undefined,
        { threads },
      );
      const duringWalk = (await auditChainHead(db())).seq - head.seq;
      writing = false;
      await writer;
      expect(duringWalk).toBeGreaterThan(0);
      expect(result).toEqual({ ok: true, checked: head.seq });
      // The events appended meanwhile are whole too: the next verification covers them.
      const after = await auditChainHead(db());
      expect(await verifyAuditChain(db(), adapter(), undefined, 10, undefined, { threads })).toEqual({
        ok: true,
        checked: after.seq,
      });
    }, 120_000);
  }

  it('still reports an event removed before the head (gap) and the newest removed (head)', async () => {
    for (const stmt of adapter().disableTriggersSql('audit_events')) await sql.raw(stmt).execute(db());
    const head = await auditChainHead(db());
    const target = head.seq - 20;
    await sql`delete from audit_events where seq = ${target}`.execute(db());
    for (const threads of [0, 2]) {
      expect(await verifyAuditChain(db(), adapter(), undefined, 7, undefined, { threads })).toMatchObject({
        ok: false,
        checked: target - 1,
        brokenAt: { seq: target, reason: 'sequence_gap' },
      });
    }
    await sql`delete from audit_events where seq >= ${target}`.execute(db());
    for (const threads of [0, 2]) {
      expect(await verifyAuditChain(db(), adapter(), undefined, 7, undefined, { threads })).toMatchObject({
        ok: false,
        checked: target - 1,
        brokenAt: { seq: target, reason: 'head_mismatch' },
      });
    }
  });
});

describeEachDatabase('audit verify when a thread dies', (h) => {
  const db = () => h().services.database.db;
  const adapter = () => h().services.database.adapter;
  const verifyBackends = async () =>
    Number(
      (
        await sql<{ n: number }>`select count(*) as n from pg_stat_activity
          where datname = current_database() and application_name = 'pulih audit verify'`.execute(db())
      ).rows[0]?.n,
    );

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('closes threads whose connection or database is gone, without waiting for them (direct)', async () => {
    let pool: VerifyThreads;
    if (h().dialect === 'postgres') {
      // Threads connected and idle; then the server ends their connections.
      pool = new VerifyThreads(
        {
          kind: 'postgres',
          target: h().dbUrl,
          statement: 'select 1 where $1::int > $2::int',
          keyedFrom: 1,
          pads: null,
        },
        2,
      );
      await Promise.all([pool.slice(0, 0, 1), pool.slice(1, 0, 1)]);
      expect(await verifyBackends()).toBe(2);
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and application_name = 'pulih audit verify'`.execute(db());
      for (let i = 0; i < 250 && (await verifyBackends()) > 0; i++) await sleep(20);
    } else {
      // A thread that cannot open its database ends at once.
      pool = new VerifyThreads(
        { kind: 'sqlite', target: join(h().dir, 'gone.db'), statement: 'select 1', keyedFrom: 1, pads: null },
        2,
      );
      for (let i = 0; i < 250 && pool.running !== 0; i++) await sleep(20);
    }
    await expect(within(20_000, pool.slice(0, 0, 10))).rejects.toThrow();
    // Let the threads see what became of their connections (a thread that ended sends no second 'exit').
    await sleep(300);
    await within(20_000, pool.close());
    expect(pool.running).toBe(0);
    if (h().dialect === 'postgres') expect(await verifyBackends()).toBe(0);
    expect((await verifyAuditChain(db(), adapter(), undefined, 5_000, undefined, { threads: 2 })).ok).toBe(true);
  }, 60_000);

  it('answers with an error within bounded time when the connections end mid-walk', async () => {
    await appendMany(withTestActions(h().operator()), 2_000);
    let killed: Promise<unknown> | undefined;
    const verify = verifyAuditChain(
      db(),
      adapter(),
      () => {
        // PostgreSQL: the server ends the threads' connections. SQLite: nothing ends them, the walk finishes.
        if (h().dialect === 'postgres')
          killed ??= sql`select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and application_name = 'pulih audit verify'`.execute(db());
      },
      5,
      undefined,
      { threads: 2 },
    );
    if (h().dialect === 'postgres') {
      await expect(within(20_000, verify)).rejects.toThrow(/audit verify thread|terminat/i);
      await killed;
      expect(await verifyBackends()).toBe(0);
    } else {
      expect((await within(20_000, verify)).ok).toBe(true);
    }
    expect((await verifyAuditChain(db(), adapter(), undefined, 5_000, undefined, { threads: 2 })).ok).toBe(true);
  }, 60_000);
});

describeEachDatabase('audit at in seq order', (h) => {
  const db = () => h().services.database.db;

  it('stamps `at` after the head is read: a later seq never has an earlier time', async () => {
    const ctx = withTestActions(h().operator());
    const before = (await auditChainHead(db())).seq;
    if (h().dialect === 'postgres') {
      // A writer holds the head's row lock; a second reads the head, hashes and waits to move it; the holder then
      // appends and commits, so the waiting writer's events go after the holder's, chained anew on the locked path.
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      let waiting!: () => void;
      const isWaiting = new Promise<void>((resolve) => {
        waiting = resolve;
      });
      const holder = transact(ctx, async (tx) => {
        await sql`select seq from audit_chain_head where id = 1 for update`.execute(tx);
        locked();
        await isWaiting;
        await appendAudit(tx, ctx, event(1));
      });
      await isLocked;
      const waiter = append(ctx, 2);
      for (let i = 0; ; i++) {
        const r = await sql<{ n: number }>`select count(*) as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`.execute(db());
        if (Number(r.rows[0]?.n) > 0) break;
        if (i > 500) throw new Error('the second writer never waited for the head');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      waiting();
      await Promise.all([holder, waiter]);
    }
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(ctx, 10 + i)));
    const rows = (
      await sql<{ seq: number; at: string | Date; entity_id: string }>`select seq, at, entity_id from audit_events
        where seq > ${before} order by seq`.execute(db())
    ).rows;
    expect(rows.length).toBe(h().dialect === 'postgres' ? 22 : 20);
    if (h().dialect === 'postgres') expect(rows.slice(0, 2).map((r) => r.entity_id)).toEqual(['1', '2']);
    for (let i = 1; i < rows.length; i++) {
      expect(new Date(rows[i]!.at).getTime()).toBeGreaterThanOrEqual(new Date(rows[i - 1]!.at).getTime());
    }
    // The hash covers the final `at`.
    expect((await verifyAuditChain(db(), h().services.database.adapter)).ok).toBe(true);
  });
});

describeEachDatabase('audit verify over the API, one at a time', (h) => {
  it('refuses a second verification while one runs (409), and verifies again afterwards', async () => {
    await appendMany(withTestActions(h().operator()), 2_000);
    const dpo = await h().login('dpo');
    const answers = await Promise.all([dpo.get('/api/audit/verify'), dpo.get('/api/audit/verify')]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const refused = answers.find((a) => a.statusCode === 409)!;
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json()).toMatchObject({
      status: 409,
      code: 'audit_verify_running',
      title: 'Verifikasi sedang berjalan',
    });
    const after = await dpo.get('/api/audit/verify');
    expect(after.statusCode).toBe(200);
    expect(after.json()).toMatchObject({ ok: true });
  }, 60_000);
});
