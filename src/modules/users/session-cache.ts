import { afterCommit } from '../../platform/context.js';
import type { Database } from '../../platform/db/index.js';

/*
 * Resolved sessions, kept a few seconds per process so an authenticated request costs no query.
 *
 * Staleness bound: in this process every write to sessions, users or user_roles goes through users.store.ts,
 * which calls invalidateSessions() — the single invalidation point — both at once and again after the
 * transaction commits (a concurrent request cannot refill the cache with rows the transaction replaces).
 * Another process (a second Pulih behind the load balancer, or the `pulih` CLI) cannot reach this cache: a
 * logout, disable, password reset or role change made there takes effect here within the TTL
 * (PULIH_SESSION_CACHE_SECONDS, default 5 s; 0 turns the cache off). Timeouts are checked on every request
 * against the cached instants, and a session that looks ended is always re-read from the database.
 */

/** The fields of a cached session that the hot path checks without a query. */
export interface SessionCacheEntry<T> {
  readonly database: Database;
  readonly userId: string;
  readonly agencyId: string;
  readonly expiresAtMs: number;
  /** last_seen_at as this process last read or wrote it (the idle timeout counts from it). */
  lastSeenMs: number;
  /** The resolved session handed to requests (shared: never mutated). */
  value: T;
  /** Monotonic time after which the entry is read from the database again. */
  readonly until: number;
}

export type SessionCacheTarget = { idHash: string } | { userId: string } | 'all';

/** Bounded so a burst of logins cannot grow memory: the oldest entries go first. */
const MAX_ENTRIES = 10_000;

// biome-ignore lint/suspicious/noExplicitAny: entries are typed at the one call site (auth.sessions.ts)
const entries = new Map<string, SessionCacheEntry<any>>();
let generation = 0;

/** A counter that every invalidation moves; a fill that saw it move while reading must not be stored. */
export function sessionCacheGeneration(): number {
  return generation;
}

export function cachedSession<T>(database: Database, idHash: string): SessionCacheEntry<T> | undefined {
  const entry = entries.get(idHash);
  if (!entry) return undefined;
  if (entry.database !== database || entry.until <= performance.now()) {
    entries.delete(idHash);
    return undefined;
  }
  return entry as SessionCacheEntry<T>;
}

/** Stores a session read from the database, unless an invalidation happened since the read began. */
export function storeSession<T>(
  idHash: string,
  entry: Omit<SessionCacheEntry<T>, 'until'>,
  ttlMs: number,
  generationAtRead: number,
): void {
  if (ttlMs <= 0 || generationAtRead !== generation) return;
  entries.delete(idHash);
  const now = performance.now();
  // Entries are in insertion order, which (one TTL) is expiry order: drop the expired ones at the front.
  for (const [key, old] of entries) {
    if (old.until > now && entries.size < MAX_ENTRIES) break;
    entries.delete(key);
  }
  entries.set(idHash, { ...entry, until: now + ttlMs });
}

function drop(target: SessionCacheTarget): void {
  generation++;
  if (target === 'all') entries.clear();
  else if ('idHash' in target) entries.delete(target.idHash);
  else for (const [key, entry] of entries) if (entry.userId === target.userId) entries.delete(key);
}

/**
 * The single invalidation point: drops the cached sessions a write may change, now and again once the
 * executor's transaction has committed. Called by every write in users.store.ts.
 */
export function invalidateSessions(executor: object, target: SessionCacheTarget): void {
  drop(target);
  afterCommit(executor, () => drop(target));
}

/** Number of cached sessions (tests and metrics). */
export function sessionCacheSize(): number {
  return entries.size;
}
