import { expect, it } from 'vitest';
import type { Database } from '../../platform/db/index.js';
import {
  cachedSession,
  invalidateSessions,
  sessionCacheGeneration,
  sessionCacheSize,
  storeSession,
} from './session-cache.js';

const database = {} as Database;
const otherDatabase = {} as Database;
const entry = (userId: string) => ({
  database,
  userId,
  agencyId: 'agency',
  expiresAtMs: Date.now() + 60_000,
  lastSeenMs: Date.now(),
  value: { userId },
});

it('serves an entry only to its own database and only within the TTL', async () => {
  storeSession('h1', entry('u1'), 50, sessionCacheGeneration());
  expect(cachedSession(database, 'h1')?.value).toEqual({ userId: 'u1' });
  expect(cachedSession(otherDatabase, 'h1')).toBeUndefined();
  storeSession('h2', entry('u2'), 20, sessionCacheGeneration());
  await new Promise((r) => setTimeout(r, 40));
  expect(cachedSession(database, 'h2')).toBeUndefined();
});

it('does not store a read that overlapped an invalidation, nor anything with TTL 0', () => {
  const before = sessionCacheGeneration();
  invalidateSessions({}, { userId: 'u3' });
  storeSession('h3', entry('u3'), 5_000, before);
  expect(cachedSession(database, 'h3')).toBeUndefined();
  storeSession('h4', entry('u4'), 0, sessionCacheGeneration());
  expect(cachedSession(database, 'h4')).toBeUndefined();
});

it('drops by session, by user and all', () => {
  const g = sessionCacheGeneration();
  storeSession('a1', entry('ua'), 5_000, g);
  storeSession('a2', entry('ua'), 5_000, g);
  storeSession('b1', entry('ub'), 5_000, g);
  invalidateSessions({}, { idHash: 'a1' });
  expect(cachedSession(database, 'a1')).toBeUndefined();
  expect(cachedSession(database, 'a2')).toBeDefined();
  invalidateSessions({}, { userId: 'ua' });
  expect(cachedSession(database, 'a2')).toBeUndefined();
  expect(cachedSession(database, 'b1')).toBeDefined();
  invalidateSessions({}, 'all');
  expect(sessionCacheSize()).toBe(0);
});
