import { type Kysely, sql } from 'kysely';
import type { DialectAdapter } from '../dialect.js';

/**
 * Alerts with a lifecycle (issue 12): an alert that asks for an action carries the key of that action
 * (`screening:<id>`, `closure:<caseId>`, `referral:<id>` …) and is resolved — for every recipient at once — when
 * anyone allowed does it. The partial index holds only alerts still waiting, so resolving reads only those.
 */
export const alertLifecycle = (a: DialectAdapter) => ({
  async up(db: Kysely<unknown>): Promise<void> {
    const ts = sql.raw(a.timestampType);
    await db.schema.alterTable('alerts').addColumn('action_key', 'text').execute();
    await db.schema.alterTable('alerts').addColumn('resolved_at', ts).execute();
    await db.schema
      .createIndex('alerts_action_open_idx')
      .on('alerts')
      .columns(['action_key'])
      .where(sql.ref('resolved_at'), 'is', null)
      .execute();
  },
});
