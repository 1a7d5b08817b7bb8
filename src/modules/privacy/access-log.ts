import { z } from 'zod';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { readsOfPerson } from '../../platform/read-log.js';
import { requireAccessLog } from './privacy.policy.js';

/** "Who has looked at her file?" — the read access log for one person: her identity and every case of hers. */

/** The cases module tells which cases are a person's (hook `privacy.casesOfPerson`). */
export type CasesOfPerson = (db: Executor, personId: string) => Promise<string[]>;

export const accessLogQuery = z.strictObject({
  personId: z.uuid({ message: 'uuid' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export const accessLogEntrySchema = z.object({
  at: z.string(),
  userId: z.string(),
  username: z.string(),
  agencyId: z.string().nullable(),
  kind: z.enum(['case', 'case_notes', 'attachment', 'identity']),
  caseId: z.string().nullable(),
});

export async function listAccessLog(ctx: Context, q: z.infer<typeof accessLogQuery>) {
  await requireAccessLog(ctx);
  const before = decodeCursor(q.cursor, z.tuple([z.string()]))?.[0];
  const caseIds = await ctx.hooks.one('privacy.casesOfPerson')(ctx.database.db, q.personId);
  const rows = await readsOfPerson(ctx.database.db, q.personId, {
    caseIds,
    ...(before ? { before } : {}),
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((r) => ({
    at: r.at,
    userId: r.user_id,
    username: r.username,
    agencyId: r.agency_id,
    kind: r.kind,
    caseId: r.case_id,
  }));
  const last = rows[Math.min(rows.length, q.limit) - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}
