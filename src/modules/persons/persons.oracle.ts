import { sql } from 'kysely';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, SYSTEM_USER_ID, type Tx, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { findActiveAgency } from '../agencies/index.js';
import { raiseAlerts, raiseAlertsMany } from '../alerts/index.js';
import { agencyResponsibleIdsMany, dpoUserIds } from '../users/index.js';
import { nameTokens } from './name-tokens.js';
import type { TDuplicateCheck } from './persons.schema.js';

/**
 * The duplicate check must find the same victim across agencies (coordination), without becoming an oracle
 * ("is this NIK a trafficking victim, and where?"). Bounds, wrapped around the matching (persons.duplicates.ts):
 * per-user and per-agency hourly limits; the audit event keeps a keyed fingerprint of what was searched
 * (never the value), so the DPO can see who looked for the same person; the holding agency is told when
 * another agency's check matched its person (without the query); the DPO is alerted when a user or an
 * agency reaches its limit. docs/privacy.md says why "held by agency X" is still shown.
 */

interface CounterRow {
  key: string;
  checks: number;
  window_started_at: string;
  alerted_at: string | null;
}
const t = (db: Executor) => tables<{ duplicate_check_counters: CounterRow }>(db);
const HOUR_MS = 3_600_000;

/**
 * Who to tell that another agency's check matched their person (never the query): the responsible people of each
 * holding agency, read before the check's transaction in at most two queries.
 */
async function holderAlerts(
  ctx: Context,
  told: readonly { holderAgencyId: string; personId: string }[],
  searcherName: string | undefined,
): Promise<Parameters<typeof raiseAlertsMany>[2]> {
  if (told.length === 0) return [];
  const actor = requireActor(ctx);
  const [searcher, responsible] = await Promise.all([
    searcherName ?? findActiveAgency(ctx, actor.agencyId).then((a) => a?.name ?? ''),
    agencyResponsibleIdsMany(
      ctx.database.db,
      told.map((m) => m.holderAgencyId),
    ),
  ]);
  const done = new Set<string>();
  const out: Parameters<typeof raiseAlertsMany>[2][number][] = [];
  for (const m of told) {
    if (done.has(`${m.holderAgencyId}:${m.personId}`)) continue;
    done.add(`${m.holderAgencyId}:${m.personId}`);
    out.push({
      recipients: responsible.get(m.holderAgencyId) ?? [],
      alert: {
        kind: 'duplicate_check_matched',
        entityType: 'person',
        entityId: m.personId,
        params: { byAgency: searcher, byAgencyId: actor.agencyId },
      },
    });
  }
  return out;
}

/** Tells the DPO that a user or an agency reached the duplicate-check limit this hour. */
async function tellDpo(tx: Tx, ctx: Context, who: { kind: 'user' | 'agency'; id: string; checks: number }) {
  const actor = requireActor(ctx);
  await raiseAlerts(tx, ctx, await dpoUserIds(tx), {
    kind: 'duplicate_check_volume',
    entityType: who.kind,
    entityId: who.id,
    params: { byUsername: actor.username, checks: who.checks, scope: who.kind },
  });
}

/** Counts one check against each key (the user's, the agency's) in one statement; the counters after it, by key. */
async function bump(
  db: Executor,
  keys: readonly string[],
  now: string,
  cutoff: string,
): Promise<Map<string, CounterRow>> {
  const stale = sql<boolean>`duplicate_check_counters.window_started_at <= ${cutoff}`;
  const rows = await t(db)
    .insertInto('duplicate_check_counters')
    .values(keys.map((key) => ({ key, checks: 1, window_started_at: now, alerted_at: null })))
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        checks: sql<number>`case when ${stale} then 1 else duplicate_check_counters.checks + 1 end`,
        alerted_at: sql<string | null>`case when ${stale} then null else duplicate_check_counters.alerted_at end`,
        window_started_at: sql<string>`case when ${stale} then ${now} else duplicate_check_counters.window_started_at end`,
      }),
    )
    .returningAll()
    .execute();
  return new Map(rows.map((r) => [r.key, r]));
}

/** Marks the window alerted; true only for the one caller that did (a conditional update). */
async function claimAlert(db: Executor, key: string, now: string): Promise<boolean> {
  const r = await t(db)
    .updateTable('duplicate_check_counters')
    .set({ alerted_at: now })
    .where('key', '=', key)
    .where('alerted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Operator work (CLI, seed) is not limited. */
const limited = (ctx: Context) => {
  const actor = requireActor(ctx);
  return actor.userId !== SYSTEM_USER_ID && Boolean(actor.sessionIdHash);
};

/**
 * Read only, before the matching: has the caller or her agency used up this hour's checks already? Then the
 * check is refused without matching anything. The count itself is taken in the check's one transaction.
 */
export async function duplicateLimitReached(ctx: Context): Promise<boolean> {
  if (!limited(ctx)) return false;
  const actor = requireActor(ctx);
  const cutoff = new Date(ctx.clock.now().getTime() - HOUR_MS).toISOString();
  const rows = await t(ctx.database.db)
    .selectFrom('duplicate_check_counters')
    .select(['key', 'checks'])
    .where('key', 'in', [`u:${actor.userId}`, `a:${actor.agencyId}`])
    .where('window_started_at', '>', cutoff)
    .execute();
  return rows.some((r) =>
    r.key.startsWith('u:')
      ? Number(r.checks) >= ctx.config.duplicateChecksPerUserHour
      : Number(r.checks) >= ctx.config.duplicateChecksPerAgencyHour,
  );
}

/**
 * The check's one write transaction (on SQLite one fsync, not two): counts it against the caller's and the
 * agency's hourly limits (atomically; parallel checks all count), then either records it — the audit event
 * with fingerprints, counts and matched pseudonymous ids, and the holders' alerts — or, over a limit, records
 * the refusal and alerts the DPO once per window. False when refused: the caller answers 429 and shows nothing.
 * With `result` null (a caller found over a limit before matching) only the count and a refusal are written.
 */
export async function admitAndRecordDuplicateCheck(
  ctx: Context,
  q: TDuplicateCheck,
  result: { personId: string; holderAgencyId: string; visible: boolean }[] | null,
  /** The caller's agency's name (if active), when the caller has read it already: the holders' alerts name it. */
  searcherAgencyName?: string,
): Promise<boolean> {
  const actor = requireActor(ctx);
  const told = (result ?? []).filter((m) => !m.visible && m.holderAgencyId !== actor.agencyId);
  // Read before the transaction (SQLite has one connection, which the transaction holds; on PostgreSQL the
  // transaction holds the counters' and the audit chain's row locks, which every other check waits for).
  const alerts = await holderAlerts(ctx, told, searcherAgencyName);
  const iso = ctx.clock.now().toISOString();
  const cutoff = new Date(ctx.clock.now().getTime() - HOUR_MS).toISOString();
  return transact(ctx, async (tx) => {
    if (limited(ctx)) {
      // Both counters in one statement, the user's row locked first as before.
      const counters = await bump(tx, [`u:${actor.userId}`, `a:${actor.agencyId}`], iso, cutoff);
      const user = counters.get(`u:${actor.userId}`)!;
      const agency = counters.get(`a:${actor.agencyId}`)!;
      const userOver = Number(user.checks) > ctx.config.duplicateChecksPerUserHour;
      const agencyOver = Number(agency.checks) > ctx.config.duplicateChecksPerAgencyHour;
      if (userOver && (await claimAlert(tx, user.key, iso)))
        await tellDpo(tx, ctx, { kind: 'user', id: actor.userId, checks: Number(user.checks) });
      if (agencyOver && (await claimAlert(tx, agency.key, iso)))
        await tellDpo(tx, ctx, { kind: 'agency', id: actor.agencyId, checks: Number(agency.checks) });
      if (userOver || agencyOver) {
        await appendAudit(tx, ctx, {
          action: 'persons.duplicates.check',
          outcome: 'denied',
          details: { reason: userOver ? 'user_limit' : 'agency_limit' },
        });
        return false;
      }
    }
    // Over the limit a moment ago, not now (the hour's window just reopened): counted; the check goes on.
    if (result === null) return true;
    // The holders' alerts in one insert, then the audit event last: the chain head is locked only for its own
    // two statements and the commit.
    await raiseAlertsMany(tx, ctx, alerts);
    await appendAudit(tx, ctx, {
      action: 'persons.duplicates.check',
      details: {
        matches: result.length,
        outsideScope: result.filter((m) => !m.visible).length,
        by: Object.keys(q).sort(),
        fingerprints: queryFingerprints(ctx, q),
        matchedPersonIds: result.map((m) => m.personId),
      },
    });
    return true;
  });
}

/**
 * Keyed fingerprints of what was searched, one per identifier (the same NIK searched by two people gives the
 * same print; a name's print is over its sorted canonical tokens, so spelling order does not matter).
 * Never reversible without the instance's index key; never the value.
 */
export function queryFingerprints(ctx: Context, q: TDuplicateCheck): Record<string, string | string[]> {
  const k = (kind: string, v: string) => ctx.keyring.blindIndex('duplicate-check', `${kind}:${v}`);
  const out: Record<string, string | string[]> = {};
  if (q.nik) out.nik = k('nik', q.nik.trim());
  if (q.passportNumber) out.passport = k('passport', q.passportNumber.trim().toUpperCase());
  if (q.phones?.length) out.phones = q.phones.map((p) => k('phone', p.replace(/\D/g, '').replace(/^0/, '62')));
  if (q.fullName) out.name = k('name', [...new Set(nameTokens(q.fullName).canonical)].sort().join(' '));
  return out;
}
