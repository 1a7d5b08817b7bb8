import { v7 as uuidv7 } from 'uuid';
import type { Context } from './context.js';
import { type Executor, tables } from './db/index.js';

/**
 * The read access log (issue 10 item 11): who opened a case file, its notes, attachments or a person's
 * identity. Kept cheaply, outside the audit chain: a read adds a row to an in-process buffer (no await, no
 * query on the request's path) and the buffer is written in one multi-row insert at most every second or
 * every 200 reads, and when the process stops. The price, said plainly: reads of the last second before a
 * crash are lost; identity reveals stay in the audit chain as before.
 */

export type ReadKind = 'case' | 'case_notes' | 'attachment' | 'identity';

interface ReadRow {
  id: string;
  at: string;
  user_id: string;
  username: string;
  agency_id: string | null;
  person_id: string | null;
  case_id: string | null;
  kind: ReadKind;
}
const t = (db: Executor) => tables<{ read_access_log: ReadRow }>(db);

const FLUSH_ROWS = 200;
const FLUSH_MS = 1000;
const buffers = new Map<Executor, { rows: ReadRow[]; timer: NodeJS.Timeout | null; flushing: Promise<void> }>();

/** Notes one read (a person, a case or both); anonymous and job contexts are not readers. */
export function logRead(
  ctx: Context,
  entry: { kind: ReadKind; personId?: string | null; caseId?: string | null },
): void {
  const actor = ctx.actor;
  if (!actor || actor.username.startsWith('job:')) return;
  const db = ctx.database.db;
  let buffer = buffers.get(db);
  if (!buffer) {
    buffer = { rows: [], timer: null, flushing: Promise.resolve() };
    buffers.set(db, buffer);
  }
  buffer.rows.push({
    id: uuidv7(),
    at: ctx.clock.now().toISOString(),
    user_id: actor.userId,
    username: actor.username,
    agency_id: actor.agencyId || null,
    person_id: entry.personId ?? null,
    case_id: entry.caseId ?? null,
    kind: entry.kind,
  });
  if (buffer.rows.length >= FLUSH_ROWS) void flushReads(db);
  else if (!buffer.timer) {
    buffer.timer = setTimeout(() => void flushReads(db), FLUSH_MS);
    buffer.timer.unref();
  }
}

/** Writes what is buffered (tests and shutdown call it; the timer otherwise). Never throws. */
export async function flushReads(db: Executor): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) return;
  if (buffer.timer) clearTimeout(buffer.timer);
  buffer.timer = null;
  const rows = buffer.rows.splice(0);
  buffer.flushing = buffer.flushing.then(async () => {
    if (rows.length === 0) return;
    try {
      await t(db).insertInto('read_access_log').values(rows).execute();
    } catch {
      // A closed database at shutdown or a lost connection: the log is best-effort by design (see above).
    }
  });
  await buffer.flushing;
}

/** Reads of one person's file (her identity, or any case of hers when the caller passes those ids), newest first. */
export async function readsOfPerson(
  db: Executor,
  personId: string,
  q: { caseIds?: string[]; before?: string; limit: number },
): Promise<ReadRow[]> {
  await flushReads(db);
  let query = t(db).selectFrom('read_access_log').selectAll();
  const caseIds = q.caseIds ?? [];
  query = query.where((eb) =>
    caseIds.length > 0
      ? eb.or([eb('person_id', '=', personId), eb('case_id', 'in', caseIds)])
      : eb('person_id', '=', personId),
  );
  if (q.before) query = query.where('id', '<', q.before);
  return query.orderBy('id', 'desc').limit(q.limit).execute();
}
