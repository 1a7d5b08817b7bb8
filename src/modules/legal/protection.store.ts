import type { Executor } from '../../platform/db/index.js';
import { changed, type MeasureRow, t } from './legal.store.js';

/* ---------- protection ---------- */

export const selectMeasure = (db: Executor, id: string) =>
  t(db).selectFrom('protection_measures').selectAll().where('id', '=', id).executeTakeFirst();

export const selectMeasuresOfCase = (db: Executor, caseId: string) =>
  t(db)
    .selectFrom('protection_measures')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();

export const selectMeasuresOfAgency = (db: Executor, agencyId: string, before: string | undefined, limit: number) => {
  let q = t(db).selectFrom('protection_measures').selectAll().where('agency_id', '=', agencyId);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
};

export async function bumpMeasure(db: Executor, id: string, version: number, set: Partial<MeasureRow>) {
  return changed(
    await t(db)
      .updateTable('protection_measures')
      .set({ ...set, version: version + 1 })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst(),
  );
}

export async function selectDueMeasures(db: Executor, now: string, limit: number): Promise<MeasureRow[]> {
  return t(db)
    .selectFrom('protection_measures')
    .selectAll()
    .where('status', 'in', ['requested', 'granted'])
    .where('due_at', '<=', now)
    .where('alerted_at', 'is', null)
    .orderBy('due_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function claimMeasureAlert(db: Executor, id: string, dueAt: string, at: string): Promise<boolean> {
  return changed(
    await t(db)
      .updateTable('protection_measures')
      .set({ alerted_at: at })
      .where('id', '=', id)
      .where('due_at', '=', dueAt)
      .where('alerted_at', 'is', null)
      .executeTakeFirst(),
  );
}
