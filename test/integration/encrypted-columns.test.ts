import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { encryptedColumns } from '../../src/server.js';
import { describeEachDatabase } from '../support/harness.js';

/** Key rotation re-encrypts only declared columns: every *_enc column in the schema must be declared. */
describeEachDatabase(
  'encrypted columns are all declared for key rotation',
  (h) => {
    it('declares every *_enc column of every table', async () => {
      const db = h().services.database.db;
      const columns =
        h().dialect === 'sqlite'
          ? (
              await sql<{
                t: string;
                c: string;
              }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table' and p.name like '%\_enc' escape '\\'`.execute(
                db,
              )
            ).rows
          : (
              await sql<{
                t: string;
                c: string;
              }>`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public' and column_name like '%\\_enc'`.execute(
                db,
              )
            ).rows;
      expect(columns.length).toBeGreaterThan(15);
      const declared = new Set(encryptedColumns.flatMap((set) => set.columns.map((c) => `${set.table}.${c}`)));
      const undeclared = columns.map((r) => `${r.t}.${r.c}`).filter((name) => !declared.has(name));
      expect(undeclared).toEqual([]);
    });
  },
  { seed: false },
);
