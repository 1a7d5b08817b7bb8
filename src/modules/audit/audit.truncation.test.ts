import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { expect, it } from 'vitest';
import { testEvent, withTestActions } from '../../../test/support/audit.js';
import { cliEnv, runCli } from '../../../test/support/cli.js';
import { describeEachDatabase, type Harness, PG_ADMIN_URL } from '../../../test/support/harness.js';
import { appendAudit } from '../../platform/audit.js';
import { verifyAuditChain } from '../../platform/audit-verify.js';
import { type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { applyRetention } from '../privacy/index.js';
import { truncateAuditBefore, verifyWithTruncations, writeCheckpoint } from './index.js';

/**
 * Issue 10 items 5 and 9: the audit trail past its schedule is removed only behind a signed, sealed truncation
 * point that verification starts from. From the attacker's side: removing old events without such a point, forging
 * or removing a point, and rewriting an event after the cut all make `pulih audit verify` fail.
 */

const DAY = 86_400_000;

/** `pulih audit verify` as its own process, on the harness's database (test/support/cli.ts). */
const cliVerify = (h: Harness, checkpoints?: string) =>
  runCli(
    ['audit', 'verify', ...(checkpoints ? ['--checkpoints', checkpoints] : [])],
    { ...cliEnv(h), PULIH_LOG_LEVEL: 'silent' },
    180_000,
  );

async function someEvents(operator: Context, n: number, tag: string) {
  const ctx = withTestActions(operator);
  for (let i = 0; i < n; i++) {
    await transact(ctx, (tx) =>
      appendAudit(
        tx,
        ctx,
        testEvent({ action: `test.${tag}`, entityType: 'test', entityId: `${tag}-${i}`, details: { i } }),
      ),
    );
  }
}

const minSeq = async (db: Executor) =>
  Number((await sql<{ seq: number }>`select min(seq) as seq from audit_events`.execute(db)).rows[0]!.seq);
const verify = (h: Harness) => verifyWithTruncations(h.services.database.db, h.services.database.adapter);

/** Old events, 40 days, newer events, then a real cut at 30 days: the state every tampering starts from. */
async function cutChain(h: Harness) {
  const ctx = h.operator();
  await someEvents(ctx, 6, 'old');
  h.clock.advance(40 * DAY);
  await someEvents(ctx, 4, 'new');
  const point = await truncateAuditBefore(ctx, new Date(h.clock.now().getTime() - 30 * DAY));
  expect(point).toMatchObject({ throughSeq: 6, removed: 6 });
  expect(await verify(h)).toMatchObject({ ok: true, truncatedThrough: 6 });
  return point!;
}

describeEachDatabase('audit retention behind a signed truncation point', (h) => {
  const db = () => h().services.database.db;

  it('previews, waits for a legal hold, then cuts; verify (and the CLI with checkpoints) starts from the point', {
    timeout: 300_000,
  }, async () => {
    h().config.auditCheckpointFile = join(h().dir, 'checkpoints.jsonl');
    // A checkpoint inside what will be cut, then 40 days of newer work.
    expect(await writeCheckpoint(h().operator())).not.toBeNull();
    const seeded = Number(
      (await sql<{ seq: number }>`select max(seq) as seq from audit_events`.execute(db())).rows[0]!.seq,
    );
    h().clock.advance(40 * DAY);
    await someEvents(h().operator(), 3, 'recent');

    const dpo = await h().login('dpo');
    const policy = (await dpo.get('/api/retention/policies'))
      .json()
      .find((p: { recordType: string }) => p.recordType === 'audit');
    expect(policy).toMatchObject({ enforceable: true, enabled: false });
    expect(
      (await dpo.request('PATCH', '/api/retention/policies/audit', { keepDays: 30, enabled: true })).statusCode,
    ).toBe(200);
    const preview = (await dpo.get('/api/retention/preview?recordType=audit')).json().items[0];
    expect(preview).toMatchObject({ recordType: 'audit', held: 0 });
    expect(preview.due).toBeGreaterThanOrEqual(seeded);

    // A standing legal hold keeps the whole trail.
    const cw = await h().login('caseworker.ntt');
    const made = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1997, regionCode: '53.71' },
      identity: { fullName: 'Yohana Retensi Audit' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const hold = await dpo.post('/api/privacy/holds', {
      personId: made.json().personId,
      reason: 'Permintaan penyidik Polda NTT',
    });
    expect(hold.statusCode, hold.body).toBe(201);
    expect((await dpo.get('/api/retention/preview?recordType=audit')).json().items[0]).toMatchObject({ due: 0 });
    await applyRetention(h().operator());
    expect(await minSeq(db())).toBe(1);
    expect((await dpo.post(`/api/privacy/holds/${hold.json().id}/release`, {})).statusCode).toBe(200);

    await applyRetention(h().operator());
    const cut = (
      await sql<{ through_seq: number; removed: number }>`select through_seq, removed from audit_truncations`.execute(
        db(),
      )
    ).rows;
    expect(cut).toHaveLength(1);
    const through = Number(cut[0]!.through_seq);
    expect(through).toBeGreaterThanOrEqual(seeded);
    expect(await minSeq(db())).toBe(through + 1);
    const event = (
      await sql<{
        action: string;
        details: unknown;
      }>`select action, details from audit_events where action = 'audit.truncate'`.execute(db())
    ).rows;
    expect(event).toHaveLength(1);

    const api = await dpo.get('/api/audit/verify');
    expect(api.json()).toMatchObject({ ok: true, truncatedThrough: through });
    // The checkpoint written before the cut still agrees (it is covered by the point); the CLI says where it began.
    expect(await writeCheckpoint(h().operator())).not.toBeNull();
    const run = await cliVerify(h(), h().config.auditCheckpointFile);
    expect(run.stderr).not.toMatch(/error|pulih:/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Events up to seq ${through} were removed by retention behind a signed truncation point`,
    );
    expect(run.stdout).toMatch(/2 signed checkpoints agree/);

    // The append-only trigger still refuses deleting what no point covers, and any update.
    await expect(sql`delete from audit_events where seq = ${through + 1}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`update audit_events set action = 'x' where seq = ${through + 2}`.execute(db())).rejects.toThrow(
      /append-only/,
    );
  });

  it('PostgreSQL: the least-privilege server role cannot delete events, and audit_prune removes only what a point covers', async () => {
    if (h().dialect !== 'postgres') return;
    const role = `pulih_app_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: h().dbUrl });
    await admin.connect();
    let created = false;
    try {
      await admin.query(`create role ${role} login`);
      created = true;
      await admin.query(`grant usage on schema public to ${role}`);
      await admin.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
      await admin.query(
        `revoke update, delete, truncate on audit_events, audit_checkpoints, audit_truncations from ${role}`,
      );
      const app = new pg.Client({ connectionString: h().dbUrl.replace('postgres@', `${role}@`) });
      await app.connect();
      try {
        const top = Number((await app.query('select max(seq) as s from audit_events')).rows[0].s);
        await expect(app.query(`delete from audit_events where seq = ${top}`)).rejects.toThrow(/permission denied/);
        await expect(app.query(`select audit_prune(${top})`)).rejects.toThrow(/no truncation point/);
        await expect(app.query('delete from audit_truncations')).rejects.toThrow(/permission denied/);
      } finally {
        await app.end();
      }
    } finally {
      if (created) await admin.query(`drop owned by ${role}`);
      await admin.end();
      const root = new pg.Client({ connectionString: PG_ADMIN_URL });
      await root.connect();
      if (created) await root.query(`drop role ${role}`);
      await root.end();
    }
  });
});

/** One fresh database per kind of tampering: each leaves the chain broken. */
/** Each runs the check `pulih audit verify` runs (verifyWithTruncations); the first test runs the CLI itself. */
function tamperSuite(title: string, tamper: (h: Harness) => Promise<void>, reason: string) {
  describeEachDatabase(
    title,
    (h) => {
      it(`is caught: ${reason}`, { timeout: 90_000 }, async () => {
        await tamper(h());
        const result = await verify(h());
        expect(result.ok).toBe(false);
        expect(result.brokenAt?.reason).toBe(reason);
      });
    },
    { seed: false },
  );
}

const disableTriggers = async (h: Harness) => {
  for (const stmt of h.services.database.adapter.disableTriggersSql('audit_events'))
    await sql.raw(stmt).execute(h.services.database.db);
};

tamperSuite(
  'audit retention tampering: old events deleted without a signed truncation point',
  async (h) => {
    await someEvents(h.operator(), 8, 'old');
    // The trigger refuses it while no point covers the events; the insider drops it first.
    await expect(sql`delete from audit_events where seq <= 3`.execute(h.services.database.db)).rejects.toThrow(
      /append-only/,
    );
    await disableTriggers(h);
    await sql`delete from audit_events where seq <= 3`.execute(h.services.database.db);
  },
  'sequence_gap',
);

tamperSuite(
  'audit retention tampering: a forged truncation point (no audit key) to cut further',
  async (h) => {
    const real = await cutChain(h);
    const db = h.services.database.db;
    const victim = (
      await sql<{ seq: number; hash: string }>`select seq, hash from audit_events where seq = 8`.execute(db)
    ).rows[0]!;
    const row = (
      await sql<{ line: string; signature: string }>`select line, signature from audit_truncations`.execute(db)
    ).rows[0]!;
    // With database rights alone: a new point two events further, an invented seal; the trigger then lets the
    // delete through, as the point is now the newest.
    await sql`insert into audit_truncations (through_seq, hash, keyed_from_seq, cut_before, removed, at, key_id, signature, seal, line)
      values (${8}, ${victim.hash}, ${real.keyedFromSeq}, ${real.cutBefore}, ${2}, ${real.at}, ${real.keyId}, ${row.signature},
      ${randomBytes(32).toString('hex')}, ${row.line})`.execute(db);
    await sql`delete from audit_events where seq <= 8`.execute(db);
  },
  'truncation_mismatch',
);

tamperSuite(
  'audit retention tampering: an event after the cut rewritten',
  async (h) => {
    await cutChain(h);
    await disableTriggers(h);
    await sql`update audit_events set entity_id = 'rewritten' where seq = 8`.execute(h.services.database.db);
  },
  'hash_mismatch',
);

tamperSuite(
  'audit retention tampering: the truncation point removed after the cut',
  async (h) => {
    await cutChain(h);
    await sql`delete from audit_truncations`.execute(h.services.database.db);
  },
  'sequence_gap',
);

tamperSuite(
  'audit retention tampering: a signed point whose signature was replaced',
  async (h) => {
    await cutChain(h);
    const db = h.services.database.db;
    // The seal still holds (untouched fields), but the signature an outside party checks is not the instance's.
    const forged = randomBytes(64).toString('base64');
    const row = (await sql<{ line: string }>`select line from audit_truncations`.execute(db)).rows[0]!;
    const line = JSON.stringify({ ...JSON.parse(row.line), signature: forged });
    await sql`update audit_truncations set signature = ${forged}, line = ${line}`.execute(db);
    // The chain itself is whole (the seal is the audit key's); the signature check names the point.
    expect(await verifyAuditChain(db, h.services.database.adapter)).toMatchObject({ ok: true });
  },
  'truncation_mismatch',
);
