/** Sessions: resolving a session cookie (cached, touched at most once a minute), CSRF, and the caller's `me`. */

import { hash as sha, timingSafeEqual } from 'node:crypto';
import type { TimeZone } from '../../contract/time.js';
import type { Actor, Services } from '../../platform/context.js';
import { agencyFacts, cachedAgencyFacts } from '../agencies/index.js';
import { permissionsOf } from './auth.roles.js';
import { cachedSession, sessionCacheGeneration, storeSession } from './session-cache.js';
import { isKnownPermission, meSchema, type TMe, type TStage } from './users.schema.js';
import { selectRoleKeys, selectSessionWithUser, touchSession, updateSession } from './users.store.js';

export interface ResolvedSession {
  actor: Actor;
  stage: TStage;
  csrfToken: string;
  expiresAt: string;
  agency: { id: string; name: string; type: string };
  displayName: string;
  locale: 'id' | 'en';
  timeZone: TimeZone;
  totpEnabled: boolean;
}

/** Activity is written to last_seen_at at most this often; the idle timeout has this granularity. */
const TOUCH_INTERVAL_MS = 60_000;

/** The key under which a session is stored: only the SHA-256 of the cookie value ever reaches the database. */
export const sessionIdHash = (rawId: string) => sha('sha256', rawId, 'base64url');

/**
 * A session this process resolved in the last few seconds (session-cache.ts), checked against both
 * timeouts and its agency, without a query or an await; undefined when the database must be asked.
 */
export function cachedSessionFor(services: Services, idHash: string): ResolvedSession | undefined {
  const hit = cachedSession<ResolvedSession>(services.database, idHash);
  if (!hit) return undefined;
  const nowMs = services.clock.now().getTime();
  // Only a session within both timeouts is served from the cache; a due activity write takes the slow path.
  if (hit.expiresAtMs <= nowMs || nowMs - hit.lastSeenMs > TOUCH_INTERVAL_MS) return undefined;
  const agency = cachedAgencyFacts(hit.agencyId);
  if (!agency || agency.status !== 'active') return undefined;
  const s = hit.value;
  // agencyFacts keeps its own short cache, invalidated when an agency changes: a rename shows at once.
  if (
    s.agency.name !== agency.name ||
    s.agency.type !== agency.type ||
    s.actor.agencyRegionCode !== agency.regionCode ||
    s.actor.agencyNational !== agency.national
  )
    hit.value = withAgency(s, agency);
  return hit.value;
}

/**
 * Resolves a session cookie to an actor. Returns 'expired' when the session existed but ended
 * (idle or absolute timeout, logout, disabled account), null when it never existed.
 * A recently resolved session comes from the in-process cache (session-cache.ts) without a query.
 */
export async function resolveSession(services: Services, rawId: string): Promise<ResolvedSession | 'expired' | null> {
  return resolveSessionByHash(services, sessionIdHash(rawId));
}

// Resolutions in progress, so the requests that find an entry expired together share one database read
// (on PostgreSQL a burst of identical queries would otherwise queue for the pool every few seconds).
// A request joins a read only if no invalidation happened since it began (a logout must not be answered
// with a read that started before it).
const resolving = new Map<string, { generation: number; promise: Promise<ResolvedSession | 'expired' | null> }>();

export function resolveSessionByHash(services: Services, idHash: string): Promise<ResolvedSession | 'expired' | null> {
  const fresh = cachedSessionFor(services, idHash);
  if (fresh) return Promise.resolve(fresh);
  const generation = sessionCacheGeneration();
  const inFlight = resolving.get(idHash);
  if (inFlight && inFlight.generation === generation) return inFlight.promise;
  const flight = {
    generation,
    promise: resolveUncached(services, idHash).finally(() => {
      if (resolving.get(idHash) === flight) resolving.delete(idHash);
    }),
  };
  resolving.set(idHash, flight);
  return flight.promise;
}

async function resolveUncached(services: Services, idHash: string): Promise<ResolvedSession | 'expired' | null> {
  const hit = cachedSession<ResolvedSession>(services.database, idHash);
  const nowMs = services.clock.now().getTime();
  if (hit && hit.expiresAtMs > nowMs && nowMs - hit.lastSeenMs <= services.config.sessionIdleMs) {
    const agency = await agencyFacts(services.database.db, hit.agencyId);
    if (agency && agency.status === 'active') {
      if (nowMs - hit.lastSeenMs > TOUCH_INTERVAL_MS) {
        hit.lastSeenMs = nowMs;
        await touchSession(services.database.db, idHash, new Date(nowMs).toISOString());
      }
      const s = hit.value;
      if (
        s.agency.name !== agency.name ||
        s.agency.type !== agency.type ||
        s.actor.agencyRegionCode !== agency.regionCode ||
        s.actor.agencyNational !== agency.national
      )
        hit.value = withAgency(s, agency);
      return hit.value;
    }
  }
  return resolveSessionFromDatabase(services, idHash);
}

function withAgency(
  s: ResolvedSession,
  agency: { id: string; name: string; type: string; regionCode: string | null; national: boolean },
): ResolvedSession {
  return {
    ...s,
    actor: { ...s.actor, agencyRegionCode: agency.regionCode, agencyNational: agency.national },
    agency: { id: agency.id, name: agency.name, type: agency.type },
  };
}

async function resolveSessionFromDatabase(
  services: Services,
  idHash: string,
): Promise<ResolvedSession | 'expired' | null> {
  const db = services.database.db;
  const generation = sessionCacheGeneration();
  const row = await selectSessionWithUser(db, idHash);
  if (!row) return null;
  const agency = await agencyFacts(db, row.agency_id);
  const now = services.clock.now();
  const nowMs = now.getTime();
  let lastSeenMs = Date.parse(row.last_seen_at);
  const expiresAtMs = Date.parse(row.expires_at);
  if (
    !agency ||
    agency.status !== 'active' ||
    row.ended_at ||
    row.status !== 'active' ||
    expiresAtMs <= nowMs ||
    nowMs - lastSeenMs > services.config.sessionIdleMs
  ) {
    if (!row.ended_at) await updateSession(db, idHash, { ended_at: now.toISOString() });
    return 'expired';
  }
  // Sliding idle window, written at most once a minute to keep reads cheap.
  if (nowMs - lastSeenMs > TOUCH_INTERVAL_MS) {
    await touchSession(db, idHash, now.toISOString());
    lastSeenMs = nowMs;
  }
  const roles = Object.freeze(await selectRoleKeys(db, row.user_id));
  const { permissions, aggregateOnly } = permissionsOf(services, roles);
  const session: ResolvedSession = {
    actor: {
      userId: row.user_id,
      username: row.username,
      agencyId: row.agency_id,
      agencyRegionCode: agency.regionCode,
      agencyNational: agency.national,
      roles,
      permissions,
      aggregateOnly,
      sessionIdHash: idHash,
    },
    stage: row.stage,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    agency: { id: agency.id, name: agency.name, type: agency.type },
    displayName: row.display_name,
    locale: row.locale,
    // Written only through z.enum(timeZones) (user create and update, preferences).
    timeZone: row.time_zone as TimeZone,
    totpEnabled: row.totp_enabled === 1,
  };
  storeSession<ResolvedSession>(
    idHash,
    {
      database: services.database,
      userId: row.user_id,
      agencyId: row.agency_id,
      expiresAtMs,
      lastSeenMs,
      value: session,
    },
    services.config.sessionCacheMs,
    generation,
  );
  return session;
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(session: ResolvedSession, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

const meJsonCache = new WeakMap<ResolvedSession, string>();

/** The auth.me answer as JSON, serialised once per resolved session (sessions are cached and shared). */
export function meJson(services: Services, s: ResolvedSession): string {
  let json = meJsonCache.get(s);
  if (json === undefined) {
    json = JSON.stringify(meSchema.parse(meFrom(services, s)));
    meJsonCache.set(s, json);
  }
  return json;
}

export function meFrom(services: Services, s: ResolvedSession, stage: TStage = s.stage): TMe {
  return {
    id: s.actor.userId,
    username: s.actor.username,
    displayName: s.displayName,
    agency: s.agency,
    roles: [...s.actor.roles],
    permissions: stage === 'active' ? [...s.actor.permissions.keys()].filter(isKnownPermission).sort() : [],
    locale: s.locale,
    timeZone: s.timeZone,
    totpEnabled: s.totpEnabled,
    stage,
    sessionExpiresAt: s.expiresAt,
    idleTimeoutSeconds: services.config.sessionIdleMs / 1000,
  };
}
