import { randomBytes, hash as sha256 } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { testEvent, withTestActions } from '../../../test/support/audit.js';
import { cliEnv, runCli } from '../../../test/support/cli.js';
import { describeEachDatabase, type Harness, PG_ADMIN_URL } from '../../../test/support/harness.js';
import { type AuditEventRow, AuditKey, appendAudit, auditHash } from '../../platform/audit.js';
import { verifyAuditChain } from '../../platform/audit-verify.js';
import { type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { checkpointOnShutdown, writeCheckpoint } from './index.js';

/** Runs `pulih audit verify [--checkpoints file]` as a separate process against the harness database. */
function cliVerify(h: { dbUrl: string; dir: string }, checkpoints?: string) {
  return runCli(
    ['audit', 'verify', ...(checkpoints ? ['--checkpoints', checkpoints] : [])],
    { ...cliEnv(h), PULIH_LOG_LEVEL: 'silent' },
    80_000,
  );
}

const checkpointFile = () => join(tmpdir(), `pulih-checkpoints-${randomBytes(6).toString('hex')}.jsonl`);

async function someEvents(operator: Context, n: number, tag: string) {
  const ctx = withTestActions(operator);
  for (let i = 0; i < n; i++) {
    await transact(ctx, (tx) =>
      appendAudit(
        tx,
        ctx,
        testEvent({
          action: `test.${tag}`,
          entityType: 'test',
          entityId: `${tag}-${i}`,
          details: { i },
        }),
      ),
    );
  }
}

async function dropTriggers(db: Executor, dialect: string) {
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_events_no_update`.execute(db);
    await sql`drop trigger audit_events_no_delete`.execute(db);
  } else {
    await sql`drop trigger audit_events_no_update on audit_events`.execute(db);
    await sql`drop trigger audit_events_no_truncate on audit_events`.execute(db);
  }
}

/**
 * What an insider with database rights does after dropping the triggers: edits one event, then recomputes every
 * hash from that event on and moves the head, so the chain is consistent again. With `key` undefined she does
 * it with plain SHA-256 (she has no master key); with the key, she is the worst case (she has it).
 */
async function rewriteChain(db: Executor, editSeq: number, key: AuditKey | undefined) {
  await sql`update audit_events set entity_id = 'rewritten' where seq = ${editSeq}`.execute(db);
  const rows = (await sql<AuditEventRow>`select * from audit_events where seq >= ${editSeq} order by seq`.execute(db))
    .rows;
  let prev = (await sql<{ hash: string }>`select hash from audit_events where seq = ${editSeq - 1}`.execute(db))
    .rows[0]!.hash;
  for (const row of rows) {
    const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
    const event = { ...row, seq: Number(row.seq), prev_hash: prev };
    const hash = auditHash(event, details, key);
    await sql`update audit_events set prev_hash = ${prev}, hash = ${hash} where seq = ${event.seq}`.execute(db);
    prev = hash;
  }
  await sql`update audit_chain_head set hash = ${prev} where id = 1`.execute(db);
}

describe('audit key MAC', () => {
  it('is HMAC-SHA-256 under the key, byte for byte (fast path = createHmac)', () => {
    const key = new AuditKey(randomBytes(32));
    for (const material of ['', '[1,"a",null]', 'é 日本 🙂 \u2028 "quoted"', 'x'.repeat(5000)]) {
      expect(key.mac(material)).toBe(key.reference(material));
    }
    expect(new AuditKey(randomBytes(32)).mac('same')).not.toBe(key.mac('same'));
  });
});

/** The databases' suites run side by side: each writes its checkpoints to a file in its own directory. */
const useOwnFile = (h: Harness) => {
  h.config.auditCheckpointFile = join(h.dir, 'checkpoints.jsonl');
  return h.config.auditCheckpointFile;
};

describeEachDatabase(
  'keyed audit chain and signed checkpoints',
  (h) => {
    const db = () => h().services.database.db;
    const adapter = () => h().services.database.adapter;
    const file = () => h().config.auditCheckpointFile!;

    it('hashes new events with the audit key, so plain SHA-256 no longer reproduces them', async () => {
      const ctx = h().operator();
      await someEvents(ctx, 3, 'keyed');
      const row = (await sql<AuditEventRow>`select * from audit_events order by seq desc limit 1`.execute(db()))
        .rows[0]!;
      const details = typeof row.details === 'string' ? JSON.parse(row.details) : row.details;
      const event = { ...row, seq: Number(row.seq) };
      expect(row.hash).toBe(auditHash(event, details, new AuditKey(h().services.keyring.auditKey)));
      expect(row.hash).not.toBe(auditHash(event, details));
      expect(await verifyAuditChain(db(), adapter())).toMatchObject({ ok: true });
      // Without the key the chain cannot be verified (nor recomputed).
      expect(await verifyAuditChain(db(), adapter(), undefined, 5000, randomBytes(32))).toMatchObject({
        ok: false,
        brokenAt: { reason: 'boundary_mismatch' },
      });
    });

    it('writes a signed checkpoint of the head to the file and the database, and lists it for the DPO', async () => {
      useOwnFile(h());
      const ctx = h().operator();
      const checkpoint = await writeCheckpoint(ctx);
      expect(checkpoint).not.toBeNull();
      // Nothing new since: no second checkpoint.
      expect(await writeCheckpoint(ctx)).toBeNull();
      const lines = readFileSync(file(), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0]!);
      const head = (await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head`.execute(db()))
        .rows[0]!;
      expect(line).toMatchObject({ format: 'pulih.audit-checkpoint/1', seq: Number(head.seq), hash: head.hash });
      expect(line.signature).toMatch(/^[A-Za-z0-9+/=]{80,}$/);

      const dpo = await h().login('dpo');
      const list = await dpo.get('/api/audit/checkpoints');
      expect(list.statusCode).toBe(200);
      expect(list.json()).toMatchObject({ fileConfigured: true, intervalMinutes: 15 });
      expect(list.json().items[0]).toMatchObject({ seq: Number(head.seq), hash: head.hash });
      const caseworker = await h().login('caseworker.ntt');
      expect((await caseworker.get('/api/audit/checkpoints')).statusCode).toBe(403);
      expect((await dpo.get('/api/audit/checkpoints?limit=0')).json().errors[0].field).toBe('query.limit');
    });

    it('pulih audit verify --checkpoints agrees with a whole chain, and refuses a forged checkpoint', {
      timeout: 120_000,
    }, async () => {
      await writeCheckpoint(h().operator());
      const ok = await cliVerify(h(), file());
      expect(ok.stderr).not.toMatch(/error|pulih:/i);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/chain is whole: \d+ events verified; 2 signed checkpoints agree/);

      // A line with a changed hash no longer carries the instance's signature.
      const forged = JSON.parse(readFileSync(file(), 'utf8').trim().split('\n')[0]!);
      forged.hash = sha256('sha256', 'forged', 'hex');
      const forgedFile = checkpointFile();
      writeFileSync(forgedFile, `${JSON.stringify(forged)}\n`);
      const bad = await cliVerify(h(), forgedFile);
      expect(bad.code).toBe(3);
      expect(bad.stderr).toContain("does not carry this instance's signature");
    });

    it('writes the head on shutdown as well, to the file and to the log stream', async () => {
      // A file of its own (this test may run alone), empty until the shutdown.
      h().config.auditCheckpointFile = join(h().dir, 'shutdown-checkpoints.jsonl');
      await someEvents(h().operator(), 2, 'shutdown');
      const before = 0;
      // The log stream an operator ships off the machine: what the server logs, captured line by line.
      const logged: string[] = [];
      const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(line) });
      await checkpointOnShutdown({ ...h().services, log });
      const lines = readFileSync(file(), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(before + 1);
      const head = (await sql<{ seq: number; hash: string }>`select seq, hash from audit_chain_head`.execute(db()))
        .rows[0]!;
      const written = JSON.parse(lines.at(-1)!);
      expect(written).toMatchObject({ seq: Number(head.seq), hash: head.hash });
      const fromLog = logged.map((l) => JSON.parse(l)).find((l) => l.auditCheckpoint);
      expect(fromLog?.auditCheckpoint).toEqual(written);
      // Nothing new since: a second shutdown adds nothing.
      await checkpointOnShutdown({ ...h().services, log });
      expect(readFileSync(file(), 'utf8').trim().split('\n')).toHaveLength(before + 1);
    });
  },
  { env: { PULIH_AUDIT_CHECKPOINT_FILE: join(tmpdir(), 'replaced-by-each-suite.jsonl') } },
);

/** One fresh database per kind of tampering: each test leaves the chain broken. */
function tamperSuite(
  title: string,
  tamper: (h: Harness) => Promise<void>,
  expectChain: 'ok' | 'broken',
  expectMessage: RegExp,
) {
  describeEachDatabase(
    title,
    (h) => {
      it('is caught by pulih audit verify --checkpoints', { timeout: 90_000 }, async () => {
        const file = useOwnFile(h());
        const ctx = h().operator();
        await someEvents(ctx, 6, 'before');
        expect(await writeCheckpoint(ctx)).not.toBeNull();
        await tamper(h());
        const chain = await verifyAuditChain(h().services.database.db, h().services.database.adapter);
        expect(chain.ok).toBe(expectChain === 'ok');
        const run = await cliVerify(h(), file);
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(expectMessage);
      });
    },
    { seed: false },
  );
}

const lastSeq = async (db: Executor) =>
  Number((await sql<{ seq: number }>`select max(seq) as seq from audit_events`.execute(db)).rows[0]!.seq);

tamperSuite(
  'audit tampering: an edited event',
  async (h) => {
    const db = h.services.database.db;
    for (const stmt of h.services.database.adapter.disableTriggersSql('audit_events')) await sql.raw(stmt).execute(db);
    await sql`update audit_events set entity_id = 'edited' where seq = ${(await lastSeq(db)) - 2}`.execute(db);
  },
  'broken',
  /BROKEN at event seq \d+ .*hash mismatch/,
);

tamperSuite(
  'audit tampering: the last event deleted and the head moved back',
  async (h) => {
    const db = h.services.database.db;
    await dropTriggers(db, h.dialect);
    const last = await lastSeq(db);
    const prev = (await sql<{ hash: string }>`select hash from audit_events where seq = ${last - 1}`.execute(db))
      .rows[0]!;
    await sql`delete from audit_events where seq = ${last}`.execute(db);
    await sql`update audit_chain_head set seq = ${last - 1}, hash = ${prev.hash} where id = 1`.execute(db);
  },
  'ok',
  /line 1 \(seq \d+\) names an event the chain no longer has/,
);

tamperSuite(
  'audit tampering: the whole chain recomputed with plain SHA-256 after the triggers were dropped',
  async (h) => {
    const db = h.services.database.db;
    await dropTriggers(db, h.dialect);
    await rewriteChain(db, 2, undefined);
  },
  'broken',
  /BROKEN at event seq 2 .*hash mismatch/,
);

tamperSuite(
  'audit tampering: the whole chain recomputed with the audit key after the triggers were dropped',
  async (h) => {
    const db = h.services.database.db;
    await dropTriggers(db, h.dialect);
    await rewriteChain(db, 2, new AuditKey(h.services.keyring.auditKey));
  },
  'ok',
  /names an event whose hash differs \(the chain was rewritten\)/,
);

tamperSuite(
  'audit tampering: the keyed boundary moved so that later events pass as plain SHA-256',
  async (h) => {
    const db = h.services.database.db;
    await dropTriggers(db, h.dialect);
    await sql`update audit_chain_head set keyed_from_seq = 1000000 where id = 1`.execute(db);
    await rewriteChain(db, 2, undefined);
  },
  'broken',
  /BROKEN at event seq \d+.*boundary mismatch/,
);

/** PostgreSQL: the server runs as a role that may only add and read audit rows; migrations run as the owner. */
describeEachDatabase(
  'audit rows under a restricted PostgreSQL role',
  (h) => {
    it('lets the server role append and read audit events but not change, delete or unprotect them', async () => {
      const { loadConfig } = await import('../../platform/config.js');
      if (h().dialect !== 'postgres') {
        // SQLite has no roles: whoever can write the file can rewrite it (docs/operations.md says so); the keyed
        // chain and the outside checkpoints are its defence, tested above. Asking for an owner role is refused.
        expect(() =>
          loadConfig({ PULIH_DATABASE_URL: h().dbUrl, PULIH_MIGRATION_DATABASE_URL: 'postgres://x@localhost/y' }),
        ).toThrow(/PULIH_MIGRATION_DATABASE_URL: only for PostgreSQL/);
        return;
      }
      const role = `pulih_app_${randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: h().dbUrl });
      await admin.connect();
      let created = false;
      try {
        await admin.query(`create role ${role} login`);
        created = true;
        await admin.query(`grant usage on schema public to ${role}`);
        await admin.query(`grant select, insert, update, delete on all tables in schema public to ${role}`);
        await admin.query(`revoke update, delete, truncate on audit_events, audit_checkpoints from ${role}`);
        const app = new pg.Client({ connectionString: h().dbUrl.replace('postgres@', `${role}@`) });
        await app.connect();
        try {
          const { createServices } = await import('../../server.js');
          const { pino } = await import('pino');
          const services = await createServices(
            loadConfig({
              PULIH_DATABASE_URL: h().dbUrl.replace('postgres@', `${role}@`),
              PULIH_MIGRATION_DATABASE_URL: h().dbUrl,
              PULIH_MASTER_KEY_FILE: join(h().dir, 'master.key'),
              PULIH_LOG_LEVEL: 'silent',
            }),
            { log: pino({ level: 'silent' }) },
          );
          try {
            const { operatorContext } = await import('../../platform/context.js');
            const ctx = operatorContext(services, 'restricted', []);
            await someEvents(ctx, 2, 'restricted');
            expect(await verifyAuditChain(services.database.db, services.database.adapter)).toMatchObject({ ok: true });
            expect(await writeCheckpoint(ctx)).not.toBeNull();
          } finally {
            await services.database.close();
          }
          await expect(app.query('delete from audit_events where seq = 1')).rejects.toThrow(/permission denied/);
          await expect(app.query(`update audit_events set action = 'x' where seq = 1`)).rejects.toThrow(
            /permission denied/,
          );
          await expect(app.query('alter table audit_events disable trigger user')).rejects.toThrow(/must be owner/);
          await expect(app.query('drop trigger audit_events_no_update on audit_events')).rejects.toThrow(
            /must be owner/,
          );
        } finally {
          await app.end();
        }
      } finally {
        // Clean-up of a role this test created; a failure here is a real failure, not something to swallow.
        if (created) await admin.query(`drop owned by ${role}`);
        await admin.end();
        const root = new pg.Client({ connectionString: PG_ADMIN_URL });
        await root.connect();
        if (created) await root.query(`drop role ${role}`);
        await root.end();
      }
    });
  },
  { seed: false },
);
