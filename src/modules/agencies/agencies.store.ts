import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import type { TAgency } from './agencies.schema.js';

export interface AgencyRow {
  id: string;
  name: string;
  short_name: string | null;
  type: string;
  region_code: string | null;
  country_code: string;
  parent_id: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}
type AgencyTables = { agencies: AgencyRow };
const t = (db: Executor) => tables<AgencyTables>(db);

export const toAgency = (r: AgencyRow): TAgency => ({
  id: r.id,
  name: r.name,
  shortName: r.short_name,
  type: r.type,
  regionCode: r.region_code,
  countryCode: r.country_code,
  parentId: r.parent_id,
  contactPhone: r.contact_phone,
  contactEmail: r.contact_email,
  status: r.status,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function selectAgency(db: Executor, id: string): Promise<AgencyRow | undefined> {
  return t(db).selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Many agencies by id in one query. */
export async function selectAgenciesByIds(db: Executor, ids: readonly string[]): Promise<AgencyRow[]> {
  if (ids.length === 0) return [];
  return t(db)
    .selectFrom('agencies')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

export async function selectAgencyByName(db: Executor, name: string, regionCode: string | null, countryCode: string) {
  let q = t(db)
    .selectFrom('agencies')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .where('country_code', '=', countryCode);
  q = regionCode === null ? q.where('region_code', 'is', null) : q.where('region_code', '=', regionCode);
  return q.executeTakeFirst();
}

export async function insertAgency(db: Executor, row: AgencyRow): Promise<void> {
  await t(db).insertInto('agencies').values(row).execute();
}

export async function updateAgencyRow(db: Executor, id: string, patch: Partial<AgencyRow>): Promise<void> {
  await t(db).updateTable('agencies').set(patch).where('id', '=', id).execute();
}

export interface AgencyFilter {
  q?: string;
  type?: string;
  status?: string;
  regionCode?: string;
  after?: [string, string];
  limit: number;
}

/** One page ordered by name then id (keyset). */
export async function selectAgencies(db: Executor, f: AgencyFilter): Promise<AgencyRow[]> {
  let q = t(db).selectFrom('agencies').selectAll();
  if (f.q) {
    // Wildcards are dropped rather than escaped: LIKE escapes differ between the dialects.
    const pattern = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`;
    q = q.where((eb) =>
      eb.or([eb(eb.fn('lower', ['name']), 'like', pattern), eb(eb.fn('lower', ['short_name']), 'like', pattern)]),
    );
  }
  if (f.type) q = q.where('type', '=', f.type);
  if (f.status) q = q.where('status', '=', f.status as AgencyRow['status']);
  if (f.regionCode) {
    const code = f.regionCode;
    q = q.where((eb) => eb.or([eb('region_code', '=', code), eb('region_code', 'like', `${code}.%`)]));
  }
  if (f.after) {
    const [name, id] = f.after;
    q = q.where((eb) => eb.or([eb('name', '>', name), eb.and([eb('name', '=', name), eb('id', '>', id)])]));
  }
  return q.orderBy('name').orderBy('id').limit(f.limit).execute();
}

export async function selectAgencyIdsInRegion(db: Executor, code: string): Promise<string[]> {
  const rows = await t(db)
    .selectFrom('agencies')
    .select('id')
    .where((eb) => eb.or([eb('region_code', '=', code), eb('region_code', 'like', `${code}.%`)]))
    .execute();
  return rows.map((r) => r.id);
}
