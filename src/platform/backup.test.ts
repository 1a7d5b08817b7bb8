import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.js';
import { describeEachDatabase, freshDatabase } from '../../test/support/harness.js';
import { verifyAuditChain } from './audit-verify.js';
import { masterKeyFingerprint, restoreBackup } from './backup.js';
import { loadMasterKey } from './crypto.js';
import { databaseIsEmpty, openDatabase } from './db/index.js';

/** Runs the real `pulih` command in its own process, as an operator would. */
const pulih = (args: string[], env: Record<string, string>) =>
  runCli(args, { PULIH_LOG_LEVEL: 'silent', ...env }, 120_000);

const intake = (n: number) => ({
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 1997, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
  identity: { fullName: `Korban Cadangan ${n}`, phones: [`0812000${String(n).padStart(5, '0')}`] },
});

describeEachDatabase('backup and restore', (h) => {
  it('restores a backup taken during concurrent writes: every acknowledged write, a whole audit chain', async () => {
    const cw = await h().login('caseworker.ntt');
    const acked: string[] = [];
    let stop = false;
    let n = 0;
    // Two writers keep taking in cases (each an audited intake) while the backup runs in another process.
    const writer = async () => {
      while (!stop) {
        const res = await cw.post('/api/cases', intake(++n));
        expect(res.statusCode, res.body).toBe(201);
        acked.push(res.json().id);
        // Leave the machine's two cores some room for the backup process.
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const writers = [writer(), writer()];
    while (acked.length < 6) await new Promise((r) => setTimeout(r, 10));
    const ackedBeforeBackup = [...acked];
    const file = join(h().dir, 'pulih.pulihbak');
    const env = { PULIH_DATABASE_URL: h().dbUrl, PULIH_MASTER_KEY_FILE: h().config.masterKeyFile };
    const backup = await pulih(['backup', file], env);
    stop = true;
    await Promise.all(writers);
    expect(backup.code, backup.stderr).toBe(0);
    expect(acked.length).toBeGreaterThan(ackedBeforeBackup.length); // the writes really went on meanwhile
    const fingerprint = /fingerprint ([0-9a-f]{16})/.exec(backup.stdout)?.[1];
    expect(fingerprint).toBeDefined();
    // The archive is encrypted: neither the SQL nor a single name or phone number in clear.
    const archive = readFileSync(file);
    expect(archive.subarray(0, 8).toString()).toBe('PULIHBK1');
    for (const clear of [
      'Korban Cadangan',
      '0812000',
      'CREATE TABLE',
      'create table',
      'audit_events',
      'SQLite format',
    ]) {
      expect(archive.includes(Buffer.from(clear))).toBe(false);
    }
    // The key is named, never held.
    const master = loadMasterKey(h().config);
    expect(archive.includes(Buffer.from(readFileSync(h().config.masterKeyFile, 'utf8').trim()))).toBe(false);
    expect(archive.includes(master)).toBe(false);
    expect(masterKeyFingerprint(master)).toBe(fingerprint);

    const target = await freshDatabase(h().dialect);
    try {
      const targetEnv = { PULIH_DATABASE_URL: target.url, PULIH_MASTER_KEY_FILE: h().config.masterKeyFile };
      const restored = await pulih(['restore', file], targetEnv);
      expect(restored.code, restored.stderr).toBe(0);
      expect(restored.stdout).toMatch(/Audit chain is whole: \d+ events verified/);

      const db = openDatabase(
        h().dialect === 'sqlite'
          ? { kind: 'sqlite', file: target.url.slice('sqlite:'.length) }
          : { kind: 'postgres', url: target.url },
      );
      try {
        const ids = new Set((await sql<{ id: string }>`select id from cases`.execute(db.db)).rows.map((r) => r.id));
        // Every intake acknowledged before the backup began is there; nothing that was never acknowledged is.
        for (const id of ackedBeforeBackup) expect(ids.has(id), id).toBe(true);
        const seeded = new Set(
          (await sql<{ id: string }>`select id from cases`.execute(h().services.database.db)).rows.map((r) => r.id),
        );
        for (const id of ids) expect(seeded.has(id)).toBe(true);
        // One consistent moment: each restored case has its intake audit event and its person, and no more.
        const created = await sql<{ n: number }>`select count(*) as n from audit_events
          where action = 'cases.create' and entity_id in (select id from cases)`.execute(db.db);
        const events = await sql<{
          n: number;
        }>`select count(*) as n from audit_events where action = 'cases.create'`.execute(db.db);
        expect(Number(created.rows[0]!.n)).toBe(ids.size);
        expect(Number(events.rows[0]!.n)).toBe(ids.size);
        // The chain is keyed: the restored key ring's audit key (the same master key) verifies it.
        const verified = await verifyAuditChain(db.db, db.adapter, undefined, 5_000, h().services.keyring.auditKey);
        expect(verified).toMatchObject({ ok: true });
        const last = await sql<{ action: string }>`select action from audit_events order by seq desc limit 1`.execute(
          db.db,
        );
        expect(last.rows[0]!.action).toBe('backup.restore');
        const count = ids.size;

        // A second restore into the now non-empty database is refused and changes nothing; both commands explain
        // themselves.
        const [again, backupHelp, restoreHelp] = await Promise.all([
          pulih(['restore', file], targetEnv),
          pulih(['backup', '--help'], targetEnv),
          pulih(['restore', '--help'], targetEnv),
        ]);
        expect(again.code).toBe(2);
        expect(again.stderr).toMatch(/not empty/);
        expect(Number((await sql<{ n: number }>`select count(*) as n from cases`.execute(db.db)).rows[0]!.n)).toBe(
          count,
        );
        expect(backupHelp.stdout).toMatch(/fingerprint/);
        expect(restoreHelp.stdout).toMatch(/empty database/);
      } finally {
        await db.close();
      }
    } finally {
      await target.drop();
    }

    // A damaged archive and a wrong master key are refused before anything is written.
    const other = await freshDatabase(h().dialect);
    try {
      const database =
        h().dialect === 'sqlite'
          ? ({ kind: 'sqlite', file: other.url.slice('sqlite:'.length) } as const)
          : ({ kind: 'postgres', url: other.url } as const);
      const damaged = join(h().dir, 'damaged.pulihbak');
      copyFileSync(file, damaged);
      const bytes = readFileSync(damaged);
      bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
      writeFileSync(damaged, bytes);
      await expect(restoreBackup({ file: damaged, master, database })).rejects.toThrow(/checksum mismatch/);
      await expect(restoreBackup({ file, master: randomBytes(32), database })).rejects.toThrow(
        `needs the master key with fingerprint ${fingerprint}`,
      );
      // A cut-off archive whose checksum was recomputed (a careless copy tool) still fails to decrypt.
      const whole = readFileSync(file);
      const cut = whole.subarray(0, whole.length - 32 - 100);
      const truncated = join(h().dir, 'cut.pulihbak');
      writeFileSync(truncated, Buffer.concat([cut, createHash('sha256').update(cut).digest()]));
      await expect(restoreBackup({ file: truncated, master, database })).rejects.toThrow(
        /cut off|does not decrypt|ends/,
      );
      expect(await databaseIsEmpty(database)).toBe(true);
    } finally {
      await other.drop();
    }
  }, 180_000);
});
