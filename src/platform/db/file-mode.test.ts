import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, masterKeyBesideDatabase } from '../config.js';
import { openDatabase } from './dialect.js';

/**
 * Issue 10 item 6, on disk: the SQLite database holds every pseudonym, date and the audit trail next to the
 * ciphertext, so its file (and its WAL) is readable by the service account only; and `pulih serve` warns when
 * the master key sits in the same directory as the database (one copied folder would hold data and key).
 * These are properties of a file on this machine: PostgreSQL keeps its files under its own account and mode,
 * and its key is never beside them, so there is no PostgreSQL half.
 */

const dir = mkdtempSync(join(tmpdir(), 'pulih-file-mode-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (file: string) => statSync(file).mode & 0o777;

describe('the SQLite database file at rest', () => {
  it('is created 0600, and so is its write-ahead log', async () => {
    const file = join(dir, 'fresh', 'pulih.db');
    const database = openDatabase({ kind: 'sqlite', file });
    await sql`create table t (x integer)`.execute(database.db);
    await sql`insert into t values (1)`.execute(database.db);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    await database.close();
  });

  it('tightens a database file an older version left readable by others', async () => {
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const database = openDatabase({ kind: 'sqlite', file });
    expect(mode(file)).toBe(0o600);
    await database.close();
  });
});

describe('the master key beside the database', () => {
  const beside = (env: Record<string, string>) =>
    masterKeyBesideDatabase(loadConfig({ PULIH_LOG_LEVEL: 'silent', ...env }));
  const sqliteIn = (...path: string[]) => `sqlite:${join(dir, ...path)}`;

  it('is noticed when the key file and the SQLite file share a directory, and only then', () => {
    const cases: [string, Record<string, string>, boolean][] = [
      [
        'same directory',
        { PULIH_DATABASE_URL: sqliteIn('a', 'pulih.db'), PULIH_MASTER_KEY_FILE: join(dir, 'a', 'master.key') },
        true,
      ],
      [
        'the same directory, spelled differently',
        { PULIH_DATABASE_URL: sqliteIn('a', 'pulih.db'), PULIH_MASTER_KEY_FILE: `${dir}/a/../a/./master.key` },
        true,
      ],
      [
        'another directory',
        { PULIH_DATABASE_URL: sqliteIn('a', 'pulih.db'), PULIH_MASTER_KEY_FILE: join(dir, 'keys', 'master.key') },
        false,
      ],
      // A key passed in the environment is in no file; PostgreSQL keeps no database file beside it.
      [
        'a key in the environment',
        {
          PULIH_DATABASE_URL: sqliteIn('a', 'pulih.db'),
          PULIH_MASTER_KEY_FILE: join(dir, 'a', 'master.key'),
          PULIH_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
        },
        false,
      ],
      [
        'PostgreSQL',
        {
          PULIH_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pulih',
          PULIH_MASTER_KEY_FILE: join(dir, 'master.key'),
        },
        false,
      ],
    ];
    for (const [why, env, expected] of cases) expect(beside(env), why).toBe(expected);
  });
});
