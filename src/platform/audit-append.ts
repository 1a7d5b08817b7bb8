import { sql } from 'kysely';
import { AUDIT_EVENT_COLUMNS } from './audit-hash.js';
import type { Tx } from './context.js';

/**
 * The one-statement audit append (PostgreSQL, issue 8). appendAudits reads the chain head without a lock,
 * hashes its events on that head, and then moves the head and inserts the events in ONE statement, only if the
 * head is still what it read:
 *
 *   with head as (update audit_chain_head set seq = <new>, hash = <new>
 *                  where id = 1 and seq = <read> and hash = <read> and keyed_from_seq is not distinct from <read>
 *                  returning 1)
 *   insert into audit_events (…) select … from (values (…), …) v where exists (select 1 from head)
 *
 * Two round trips instead of three, and none of them waits under the head's row lock for the client. A writer
 * that appended in between (its UPDATE holds the row until it commits; under READ COMMITTED ours then re-reads
 * the row and finds it changed) leaves 0 rows inserted and the head untouched: the caller then takes the locked
 * path, re-chains the same events on the new head and writes them as before. SQLite keeps the locked path
 * (adapter.writableCte is false: no data-modifying WITH, and its writers are serialised anyway).
 */

/** The head as read: the swap happens only while the row still holds exactly this. */
export interface ReadHead {
  seq: number;
  hash: string;
  keyedFromSeq: number | null;
}

/** The events of one swap: at most this many rows (15 parameters each, far below PostgreSQL's 65,535). */
export const SWAP_MAX_ROWS = 500;

const COLUMNS = AUDIT_EVENT_COLUMNS;
type Column = (typeof COLUMNS)[number];
/** VALUES parameters arrive as text; these columns are cast to their types in the select list. */
const CASTS: Partial<Record<Column, string>> = { seq: 'bigint', at: 'timestamptz', details: 'jsonb' };

/**
 * Moves the head from `read` to the last row's seq and hash and inserts the rows, in one statement, if the head is
 * unchanged. True when it did (every row inserted); false when another writer moved the head first (nothing written).
 */
export async function swapHeadAndInsert(
  tx: Tx,
  read: ReadHead,
  rows: readonly Record<Column, unknown>[],
): Promise<boolean> {
  const last = rows[rows.length - 1];
  if (!last || rows.length > SWAP_MAX_ROWS) throw new RangeError(`swapHeadAndInsert takes 1–${SWAP_MAX_ROWS} rows`);
  const values = sql.join(rows.map((r) => sql`(${sql.join(COLUMNS.map((c) => r[c]))})`));
  const select = sql.join(
    COLUMNS.map((c) => (CASTS[c] ? sql`v.${sql.ref(c)}::${sql.raw(CASTS[c]!)}` : sql`v.${sql.ref(c)}`)),
  );
  const result = await sql`with head as (
      update audit_chain_head set seq = ${last.seq}, hash = ${last.hash}
       where id = 1 and seq = ${read.seq} and hash = ${read.hash}
         and keyed_from_seq is not distinct from ${read.keyedFromSeq}::bigint
      returning 1)
    insert into audit_events (${sql.join(COLUMNS.map((c) => sql.ref(c)))})
    select ${select} from (values ${values}) as v (${sql.join(COLUMNS.map((c) => sql.ref(c)))})
     where exists (select 1 from head)`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === rows.length;
}
