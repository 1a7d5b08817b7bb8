import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { ConfigError, loadConfig } from '../../platform/config.js';
import { transact } from '../../platform/context.js';
import {
  type AlertDigestSender,
  loggingDigestSender,
  raiseAlerts,
  sendAlertDigests,
  setAlertDigestSender,
  type TAlert,
} from './index.js';

const MINUTE = 60_000;

/** Collects what would have been mailed. */
class MemorySender implements AlertDigestSender {
  sent: { userId: string; alerts: TAlert[] }[] = [];
  failNext = false;
  async send(userId: string, alerts: TAlert[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('mail server unreachable');
    }
    this.sent.push({ userId, alerts });
  }
}

describe('alert digest settings', () => {
  it('reads PULIH_ALERT_DIGEST_MINUTES (default 60) and names it when wrong', () => {
    expect(loadConfig({}).alertDigestMs).toBe(60 * MINUTE);
    expect(loadConfig({ PULIH_ALERT_DIGEST_MINUTES: '15' }).alertDigestMs).toBe(15 * MINUTE);
    expect(() => loadConfig({ PULIH_ALERT_DIGEST_MINUTES: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ PULIH_ALERT_DIGEST_MINUTES: 'hourly' })).toThrow(/PULIH_ALERT_DIGEST_MINUTES/);
  });

  it('logs counts and kinds only when no sender is configured', async () => {
    const lines: string[] = [];
    const log = pino(
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    await loggingDigestSender(log).send('0190c0de-0000-7000-8000-000000000001', [
      {
        id: '0190c0de-0000-7000-8000-0000000000aa',
        kind: 'service_overdue',
        entityType: 'case',
        entityId: '0190c0de-0000-7000-8000-0000000000bb',
        params: { caseNumber: 'NTT-2026-000123' },
        createdAt: new Date().toISOString(),
        readAt: null,
      },
    ]);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ count: 1, kinds: ['service_overdue'] });
    for (const secret of ['NTT-2026-000123', '0190c0de']) expect(lines[0]).not.toContain(secret);
  });
});

describeEachDatabase(
  'alerts: the digest hook',
  (h) => {
    const sender = new MemorySender();
    const userIds = new Map<string, string>();

    async function raise(username: string, count: number, kind = 'service_overdue') {
      const ctx = h().operator();
      await transact(ctx, async (tx) => {
        for (let i = 0; i < count; i++)
          await raiseAlerts(tx, ctx, [userIds.get(username)!], { kind, params: { n: i } });
      });
    }
    const pending = async (userId: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*) as n from alerts
            where user_id = ${userId} and digested_at is null and read_at is null`.execute(h().services.database.db)
        ).rows[0]!.n,
      );

    it('waits until an alert has stayed unread for the interval', async () => {
      setAlertDigestSender(h().services, sender);
      const rows = await sql<{ id: string; username: string }>`
        select id, username from users where username in ('caseworker.ntt', 'supervisor.ntt', 'provider.shelter')`.execute(
        h().services.database.db,
      );
      for (const r of rows.rows) userIds.set(r.username, r.id);
      await raise('caseworker.ntt', 5);
      await raise('supervisor.ntt', 2, 'closure_approval_needed');
      await raise('provider.shelter', 1);
      expect(await sendAlertDigests(h().operator())).toBe(0);
      h().clock.advance(10 * MINUTE);
      expect(await sendAlertDigests(h().operator())).toBe(0);
      expect(sender.sent).toEqual([]);
    });

    it('hands each user unread alerts to the configured sender in batches and marks them', async () => {
      // The shelter worker read the alert in the app meanwhile: it stays out of the digest.
      const provider = await h().login('provider.shelter');
      const [mine] = (await provider.get('/api/alerts')).json().items;
      expect((await provider.post(`/api/alerts/${mine.id}/read`)).statusCode).toBe(204);

      h().clock.advance(51 * MINUTE);
      expect(await sendAlertDigests(h().operator(), { batchSize: 2 })).toBe(7);
      const cw = userIds.get('caseworker.ntt')!;
      const sup = userIds.get('supervisor.ntt')!;
      const byUser = (id: string) => sender.sent.filter((s) => s.userId === id).map((s) => s.alerts.length);
      expect(byUser(cw)).toEqual([2, 2, 1]);
      expect(byUser(sup)).toEqual([2]);
      expect(byUser(userIds.get('provider.shelter')!)).toEqual([]);
      const first = sender.sent.find((s) => s.userId === sup)!.alerts[0]!;
      expect(first).toMatchObject({ kind: 'closure_approval_needed', readAt: null, params: { n: 0 } });
      // Oldest first, each alert once.
      const cwAlerts = sender.sent.filter((s) => s.userId === cw).flatMap((s) => s.alerts);
      expect(cwAlerts.map((a) => a.params.n)).toEqual([0, 1, 2, 3, 4]);
      expect(new Set(cwAlerts.map((a) => a.id)).size).toBe(5);
      expect(await pending(cw)).toBe(0);
      // Marked, not read: the inbox still shows them as unread.
      const inbox = await h().login('caseworker.ntt');
      expect((await inbox.get('/api/alerts/unread-count')).json().count).toBeGreaterThanOrEqual(5);
      const audit = await sql<{ n: number }>`
        select count(*) as n from audit_events where action = 'alerts.digest'`.execute(h().services.database.db);
      expect(Number(audit.rows[0]!.n)).toBe(4);
      // Nothing is sent twice.
      h().clock.advance(2 * 60 * MINUTE);
      expect(await sendAlertDigests(h().operator())).toBe(0);
    });

    it('gives a batch back when the send fails, and sends it on the next run', async () => {
      const cw = userIds.get('caseworker.ntt')!;
      await raise('caseworker.ntt', 3);
      h().clock.advance(61 * MINUTE);
      sender.sent = [];
      sender.failNext = true;
      expect(await sendAlertDigests(h().operator())).toBe(0);
      expect(await pending(cw)).toBe(3);
      expect(await sendAlertDigests(h().operator())).toBe(3);
      expect(sender.sent.map((s) => s.alerts.length)).toEqual([3]);
      expect(await pending(cw)).toBe(0);
    });
  },
  { env: { PULIH_ALERT_DIGEST_MINUTES: '60' } },
);

describeEachDatabase(
  'alerts: the digest job on the scheduler (PULIH_TEST_CLOCK=true, 5-minute digests)',
  (h) => {
    it('runs with the other jobs and follows the configured interval', async () => {
      const sender = new MemorySender();
      setAlertDigestSender(h().services, sender);
      const ctx = h().operator();
      const [user] = (
        await sql<{ id: string }>`select id from users where username = 'caseworker.ntt'`.execute(
          h().services.database.db,
        )
      ).rows;
      await transact(ctx, (tx) => raiseAlerts(tx, ctx, [user!.id], { kind: 'case_assigned' }));
      const cw = await h().login('caseworker.ntt');
      const early = await cw.post('/api/test/clock', { advanceMs: 2 * MINUTE });
      expect(early.json().jobs['alert-digest']).toBe(0);
      const due = await cw.post('/api/test/clock', { advanceMs: 4 * MINUTE });
      expect(due.json().jobs['alert-digest']).toBe(1);
      expect(sender.sent.map((s) => s.userId)).toEqual([user!.id]);
    });
  },
  { env: { PULIH_TEST_CLOCK: 'true', PULIH_ALERT_DIGEST_MINUTES: '5' } },
);
