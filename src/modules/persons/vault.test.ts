import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { cliEnv, runCli } from '../../../test/support/cli.js';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';
import { auditPurpose } from '../../platform/audit.js';

// Known identity values; none of them may appear in plaintext anywhere in the database.
const NAME = 'Siti Nurhayati Ndolu';
const NIK = '5371014709080003';
const PHONE = '+62 812-3456-7890';
const ADDRESS = 'Jalan Timor Raya No. 17, Oesapa';

describeEachDatabase('identity vault', (h) => {
  const assertNoPlaintext = async () => {
    const needles = [NAME, 'Nurhayati', NIK, '81234567890', '3456-7890', 'Timor Raya'];
    if (h().dialect === 'sqlite') {
      // Checkpoint so the main file has everything, then read the file and its WAL byte by byte.
      await sql`pragma wal_checkpoint(TRUNCATE)`.execute(h().services.database.db);
      const file = h().dbUrl.slice('sqlite:'.length);
      for (const f of readdirSync(dirname(file)).filter((n) => n.startsWith('pulih.db'))) {
        const bytes = readFileSync(join(dirname(file), f));
        for (const needle of needles)
          expect(bytes.includes(Buffer.from(needle, 'utf8')), `${needle} in ${f}`).toBe(false);
      }
      expect(statSync(file).size).toBeGreaterThan(0);
    } else {
      const dump = execFileSync('pg_dump', ['--no-owner', '-h', '127.0.0.1', '-U', 'postgres', h().pgName!], {
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(dump).toContain('person_identities');
      for (const needle of needles) expect(dump.includes(needle), `${needle} in pg_dump`).toBe(false);
      const tablesText = (
        await sql<{ t: string }>`select tablename as t from pg_tables where schemaname = 'public'`.execute(
          h().services.database.db,
        )
      ).rows;
      for (const { t } of tablesText) {
        const rows = (
          await sql<{ r: string }>`select t::text as r from ${sql.table(t)} t`.execute(h().services.database.db)
        ).rows;
        for (const { r } of rows)
          for (const needle of needles) expect(r.includes(needle), `${needle} in ${t}`).toBe(false);
      }
    }
  };

  /** A person with a known identity, recorded by caseworker.ntt; each test records its own. */
  const recordPerson = async () => {
    const cw = await h().login('caseworker.ntt');
    const res = await cw.post('/api/persons', {
      sex: 'Feminine',
      birthYear: 2010,
      regionCode: '53.71',
      identity: {
        fullName: NAME,
        nik: NIK,
        phones: [PHONE],
        address: ADDRESS,
        aliases: ['Nur'],
        dateOfBirth: '2010-09-07',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res;
  };

  it('stores a known name, NIK and phone only as ciphertext (file bytes / pg_dump)', async () => {
    const res = await recordPerson();
    expect(res.json()).toMatchObject({ initials: 'S.N.N.', sex: 'Feminine', birthYear: 2010 });
    expect(res.body).not.toContain('Siti');
    expect(res.body).not.toContain(NIK);
    await assertNoPlaintext();
  });

  it('masks identity by default and reveals chosen fields only with a purpose, audited with the fields', async () => {
    const personId = (await recordPerson()).json().id as string;
    const cw = await h().login('caseworker.ntt');
    const masked = await cw.get(`/api/persons/${personId}`);
    expect(masked.statusCode).toBe(200);
    expect(masked.body).not.toContain('Siti');
    const noPurpose = await cw.post(`/api/persons/${personId}/identity/reveal`, { fields: ['fullName'] });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors[0].field).toBe('purpose');
    const revealed = await cw.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Contacting the family for tracing',
      fields: ['fullName', 'nik', 'aliases'],
    });
    expect(revealed.json()).toEqual({ fullName: NAME, nik: NIK, aliases: ['Nur'] });
    const audit = (
      await sql<{
        purpose: string;
        details: unknown;
        actor_username: string;
        id: string;
      }>`select id, purpose, details, actor_username from audit_events where action = 'persons.identity.reveal' and entity_id = ${personId}`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(audit).toHaveLength(1);
    // The purpose is encrypted at rest (issue 10 item 6); the audit reader decrypts it.
    expect(audit[0]?.purpose).not.toContain('family');
    expect(auditPurpose(h().services.keyring, audit[0]!)).toBe('Contacting the family for tracing');
    expect(h().services.database.adapter.fromJson(audit[0]?.details)).toEqual({
      fields: ['fullName', 'nik', 'aliases'],
    });
    // The audit trail itself never holds the revealed values.
    const allAudit = (
      await sql<{ r: string }>`select details as r from audit_events`.execute(h().services.database.db)
    ).rows
      .map((r) => String(r.r ?? ''))
      .join('\n');
    expect(allAudit).not.toContain(NIK);
  });

  it('hides the record from other agencies exactly like a missing one, and denies reveal without the permission', async () => {
    const personId = (await recordPerson()).json().id as string;
    const other = await h().login('programme.jabar');
    const hidden = await other.get(`/api/persons/${personId}`);
    const missing = await other.get('/api/persons/01a22a15-0000-7000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);
    // Holders of persons.read and persons.identity.reveal outside the scope: the same 404, no reveal.
    for (const { label, client } of await scopeOutsiders(h(), ['persons.read', 'persons.identity.reveal'])) {
      const gone = await client.get(`/api/persons/${personId}`);
      expect(gone.statusCode, label).toBe(404);
      expect(gone.body, label).toBe(missing.body);
      const peek = await client.post(`/api/persons/${personId}/identity/reveal`, {
        purpose: 'Checking who this person is',
        fields: ['fullName'],
      });
      expect(peek.statusCode, label).toBe(404);
      expect(peek.body, label).not.toContain('Siti');
    }
    const intake = await h().login('intake.ntt');
    expect((await intake.get(`/api/persons/${personId}`)).statusCode).toBe(200);
    const reveal = await intake.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Curious about the person',
      fields: ['fullName'],
    });
    expect(reveal.statusCode).toBe(404);
  });

  it('rotates the data key and the master key (CLI), re-encrypting every field; values still decrypt', async () => {
    const personId = (await recordPerson()).json().id as string;
    // Her identity is sealed under her own data key; rotation re-wraps that key (and leaves the fields).
    const sealed = async () =>
      (
        await sql<{
          full_name_enc: string;
          key_enc: string;
        }>`select i.full_name_enc, k.key_enc from person_identities i join person_data_keys k on k.person_id = i.person_id where i.person_id = ${personId}`.execute(
          h().services.database.db,
        )
      ).rows[0]!;
    const before = await sealed();
    expect(before.full_name_enc.startsWith('s1.')).toBe(true);
    const run = await runCli(['keys', 'rotate', '--master'], { ...cliEnv(h()), PULIH_LOG_LEVEL: 'silent' }, 100_000);
    expect(run.code, run.stderr).toBe(0);
    // Key versions are shared by every data key (the audit key holds one too): take the one it reports.
    const version = Number(/Data key v(\d+) is active; \d+ rows re-encrypted/.exec(run.stdout)?.[1]);
    expect(version).toBeGreaterThan(1);
    const after = await sealed();
    expect(before.key_enc.startsWith('v1.')).toBe(true);
    expect(after.key_enc.startsWith(`v${version}.`)).toBe(true);
    expect(after.full_name_enc).toBe(before.full_name_enc);
    // A fresh process with the new key file reads the identity again.
    const check = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { loadConfig } = await import('./src/platform/config.ts');
      const { createServices } = await import('./src/server.ts');
      const s = await createServices(loadConfig(), { log: (await import('pino')).pino({ level: 'silent' }) });
      const { sql } = await import('kysely');
      const row = (await sql\`select full_name_enc from person_identities where person_id = ${'${'}'${personId}'}\`.execute(s.database.db)).rows[0];
      const { operatorContext } = await import('./src/platform/context.ts');
      const { openIdentityField, personKeys } = await import('./src/modules/persons/index.ts');
      const ctx = operatorContext(s, 'test', []);
      const key = (await personKeys(ctx, ['${personId}'])).get('${personId}');
      process.stdout.write(openIdentityField(ctx, key, '${personId}', 'full_name_enc', row.full_name_enc));
      await s.database.close();
    `,
      ],
      {
        cwd: join(import.meta.dirname, '../../..'),
        env: {
          ...process.env,
          PULIH_DATABASE_URL: h().dbUrl,
          PULIH_MASTER_KEY_FILE: join(h().dir, 'master.key'),
          PULIH_LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(check.stdout, check.stderr).toBe(NAME);
    await assertNoPlaintext();
    // Two CLI processes (tsx start-up each): slow on a busy machine.
  }, 120_000);
});
