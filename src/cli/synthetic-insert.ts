import { randomFillSync } from 'node:crypto';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CompiledQuery, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Context, Tx } from '../platform/context.js';

/**
 * The synthetic dataset's bulk insert, apart from the generation: ids from a random pool, rows batched per table,
 * and each dialect's multi-row insert (SQLite: VALUES chunks; PostgreSQL: json_populate_recordset).
 */
/* ---------- ids and memory ---------- */

/**
 * UUIDv7 ids as the uuid package makes them (monotonic within a millisecond), from a large pool of random
 * bytes: one system call per four thousand ids instead of one per sixteen.
 */
export const ids = {
  pool: Buffer.allocUnsafe(65_536),
  pos: 65_536,
  msecs: Number.NEGATIVE_INFINITY,
  seq: 0,
};
export function newId(): string {
  if (ids.pos + 16 > ids.pool.length) {
    randomFillSync(ids.pool);
    ids.pos = 0;
  }
  const random = ids.pool.subarray(ids.pos, ids.pos + 16);
  ids.pos += 16;
  const now = Date.now();
  if (now > ids.msecs) {
    ids.seq = (random[6]! << 23) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    ids.msecs = now;
  } else {
    ids.seq = (ids.seq + 1) | 0;
    if (ids.seq === 0) ids.msecs++;
  }
  return uuidv7({ random, msecs: ids.msecs, seq: ids.seq });
}

/**
 * V8 lets garbage pile up while memory is plentiful; a bulk load that throws away a batch every second would
 * grow to gigabytes. Above this much live heap the generator asks for a full collection after a batch.
 */
export const HEAP_CEILING = 96 * 1024 * 1024;
export let fullGc: (() => void) | undefined;
export function keepMemoryFlat(): void {
  if (getHeapStatistics().used_heap_size < HEAP_CEILING) return;
  if (!fullGc) {
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  fullGc();
}

/* ---------- rows ---------- */

export type Row = Record<string, unknown>;
export const TABLES = [
  'persons',
  'person_identities',
  'person_data_keys',
  'person_name_tokens',
  'person_identifiers',
  'cases',
  'case_attributes',
  'case_members',
  'case_name_tokens',
  'case_events',
  'screenings',
  'service_requests',
  'assessments',
  'assessment_scores',
  'case_tasks',
  'case_timeline',
] as const;
export type Table = (typeof TABLES)[number];

export class Batch {
  readonly rows = new Map<Table, Row[]>(TABLES.map((t) => [t, []]));
  readonly audits: { caseId: string; caseNumber: string; isChild: boolean }[] = [];
  add(table: Table, row: Row) {
    this.rows.get(table)!.push(row);
  }
}

/**
 * Bulk inserts run through Kysely as compiled queries, each shape compiled once (a million cases would
 * otherwise build tens of millions of query nodes). SQLite: multi-row VALUES in power-of-two chunks that fit
 * its bound-parameter limit. PostgreSQL: one statement per table and batch that reads the rows from one JSON
 * document typed by the table itself (json_populate_recordset): no parameter limit, and far less work on
 * both sides than tens of thousands of parameters or escaped array literals.
 */
export class Inserter {
  readonly #texts = new Map<string, string>();
  private constructor(
    readonly dialect: 'sqlite' | 'postgres',
    /** PostgreSQL: the json and jsonb columns of each table (their values travel as JSON, not as text). */
    readonly jsonColumns: Map<string, Set<string>>,
  ) {}

  static async open(ctx: Context): Promise<Inserter> {
    const json = new Map<string, Set<string>>();
    if (ctx.database.adapter.name === 'postgres') {
      const rows = (
        await sql<{ table_name: string; column_name: string }>`
          select table_name, column_name from information_schema.columns
          where table_schema = current_schema() and udt_name in ('json', 'jsonb')`.execute(ctx.database.db)
      ).rows;
      for (const r of rows) json.set(r.table_name, (json.get(r.table_name) ?? new Set()).add(r.column_name));
    }
    return new Inserter(ctx.database.adapter.name, json);
  }

  async insert(tx: Tx, table: string, rows: Row[]) {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!);
    if (this.dialect === 'postgres') return this.#fromJson(tx, table, columns, rows);
    let chunk = 1;
    while (chunk * 2 * columns.length <= 32_000 && chunk * 2 <= 512) chunk *= 2;
    let i = 0;
    while (i < rows.length) {
      let size = chunk;
      while (size > rows.length - i) size /= 2;
      const params: unknown[] = new Array(size * columns.length);
      let p = 0;
      for (let r = i; r < i + size; r++) {
        const row = rows[r]!;
        for (const c of columns) params[p++] = row[c];
      }
      await tx.executeQuery(CompiledQuery.raw(this.#values(table, columns, size), params));
      i += size;
    }
  }

  #values(table: string, columns: string[], rows: number): string {
    const key = `${table}|${rows}`;
    let text = this.#texts.get(key);
    if (!text) {
      const tuple = `(${columns.map(() => '?').join(', ')})`;
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`;
      this.#texts.set(key, text);
    }
    return text;
  }

  async #fromJson(tx: Tx, table: string, columns: string[], rows: Row[]) {
    let text = this.#texts.get(table);
    if (!text) {
      const list = columns.map((c) => `"${c}"`).join(', ');
      text = `insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1::json)`;
      this.#texts.set(table, text);
    }
    // JSON columns hold serialised JSON (as the modules write them): embed the value itself.
    for (const c of this.jsonColumns.get(table) ?? []) {
      for (const row of rows) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c] as string);
    }
    // In slices, so that no one JSON document grows past a few megabytes.
    for (let i = 0; i < rows.length; i += 8192)
      await tx.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + 8192))]));
  }
}
