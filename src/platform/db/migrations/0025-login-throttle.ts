import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Login throttling without lockout by name: failure counters per keyed fingerprint (user and address,
 * user, address — never the plaintext username or address), counted with one atomic upsert so parallel
 * attempts all count. (users.failed_logins / locked_until now count and bound TOTP guesses only: whoever
 * guesses codes already knows the password.)
 */
export const loginThrottle = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema
      .createTable('auth_throttle')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', ts, (c) => c.notNull())
      .execute();
  },
});
