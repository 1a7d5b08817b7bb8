import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import { type Executor, tables } from '../../platform/db/index.js';
import type { ServiceType } from './directory.schema.js';

export interface DirectoryServiceRow {
  id: string;
  agency_id: string;
  service_type: ServiceType;
  agency_region_code: string | null;
  agency_province_code: string | null;
  regions_default: number;
  age_min: number | null;
  age_max: number | null;
  sexes_any: number;
  nationalities_any: number;
  capacity_total: number | null;
  capacity_free: number | null;
  capacity_updated_at: string | null;
  hours: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  urgent_24_7: number;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
}
interface RegionRow {
  service_id: string;
  /** Copied from the service so a typed regional search is one index range. */
  service_type: string;
  region_code: string;
  province_code: string;
}
type DirectoryTables = {
  directory_services: DirectoryServiceRow;
  directory_service_regions: RegionRow;
  directory_service_sexes: { service_id: string; sex: string };
  directory_service_nationalities: { service_id: string; country_code: string };
  directory_service_languages: { service_id: string; language: string };
};
const t = (db: Executor) => tables<DirectoryTables>(db);

/** The normalised lists of one service. */
export interface ServiceLists {
  regions: { code: string; provinceCode: string }[];
  sexes: string[];
  nationalities: string[];
  languages: string[];
}

export async function selectService(
  db: Executor,
  agencyId: string,
  type: ServiceType,
): Promise<DirectoryServiceRow | undefined> {
  return t(db)
    .selectFrom('directory_services')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .where('service_type', '=', type)
    .executeTakeFirst();
}

export async function selectAgencyServices(db: Executor, agencyId: string): Promise<DirectoryServiceRow[]> {
  return t(db)
    .selectFrom('directory_services')
    .selectAll()
    .where('agency_id', '=', agencyId)
    .orderBy('service_type')
    .execute();
}

/** Deletes the service's list rows (before they are written again, or with the service). */
async function deleteLists(db: Executor, serviceId: string): Promise<void> {
  await t(db).deleteFrom('directory_service_regions').where('service_id', '=', serviceId).execute();
  await t(db).deleteFrom('directory_service_sexes').where('service_id', '=', serviceId).execute();
  await t(db).deleteFrom('directory_service_nationalities').where('service_id', '=', serviceId).execute();
  await t(db).deleteFrom('directory_service_languages').where('service_id', '=', serviceId).execute();
}

/** Inserts or replaces a service and its lists (inside the caller's transaction). */
export async function writeService(db: Executor, row: DirectoryServiceRow, lists: ServiceLists, exists: boolean) {
  if (exists) {
    const { id, agency_id, service_type, created_at, created_by, ...patch } = row;
    await t(db).updateTable('directory_services').set(patch).where('id', '=', id).execute();
    await deleteLists(db, id);
  } else {
    await t(db).insertInto('directory_services').values(row).execute();
  }
  const id = row.id;
  if (lists.regions.length > 0)
    await t(db)
      .insertInto('directory_service_regions')
      .values(
        lists.regions.map((r) => ({
          service_id: id,
          service_type: row.service_type,
          region_code: r.code,
          province_code: r.provinceCode,
        })),
      )
      .execute();
  if (lists.sexes.length > 0)
    await t(db)
      .insertInto('directory_service_sexes')
      .values(lists.sexes.map((sex) => ({ service_id: id, sex })))
      .execute();
  if (lists.nationalities.length > 0)
    await t(db)
      .insertInto('directory_service_nationalities')
      .values(lists.nationalities.map((country_code) => ({ service_id: id, country_code })))
      .execute();
  if (lists.languages.length > 0)
    await t(db)
      .insertInto('directory_service_languages')
      .values(lists.languages.map((language) => ({ service_id: id, language })))
      .execute();
}

export async function deleteService(db: Executor, id: string): Promise<void> {
  await deleteLists(db, id);
  await t(db).deleteFrom('directory_services').where('id', '=', id).execute();
}

/** The lists of many services, in four indexed queries. */
export async function selectLists(db: Executor, ids: string[]): Promise<Map<string, ServiceLists>> {
  const out = new Map<string, ServiceLists>(
    ids.map((id) => [id, { regions: [], sexes: [], nationalities: [], languages: [] }]),
  );
  if (ids.length === 0) return out;
  const [regions, sexes, nationalities, languages] = await Promise.all([
    t(db)
      .selectFrom('directory_service_regions')
      .selectAll()
      .where('service_id', 'in', ids)
      .orderBy('region_code')
      .execute(),
    t(db).selectFrom('directory_service_sexes').selectAll().where('service_id', 'in', ids).orderBy('sex').execute(),
    t(db)
      .selectFrom('directory_service_nationalities')
      .selectAll()
      .where('service_id', 'in', ids)
      .orderBy('country_code')
      .execute(),
    t(db)
      .selectFrom('directory_service_languages')
      .selectAll()
      .where('service_id', 'in', ids)
      .orderBy('language')
      .execute(),
  ]);
  for (const r of regions) out.get(r.service_id)?.regions.push({ code: r.region_code, provinceCode: r.province_code });
  for (const r of sexes) out.get(r.service_id)?.sexes.push(r.sex);
  for (const r of nationalities) out.get(r.service_id)?.nationalities.push(r.country_code);
  for (const r of languages) out.get(r.service_id)?.languages.push(r.language);
  return out;
}

export interface DirectorySearch {
  type?: ServiceType;
  /** Region filter: a regency matches its own and its province's offers; a province matches everything in it. */
  region?: { code: string; provinceCode: string; level: 'province' | 'regency' };
  /** The place results are ranked from: same regency (0), same province (1), others (2). */
  near: { regencyCode: string | null; provinceCode: string | null };
  age?: number;
  sex?: string;
  nationality?: string;
  language?: string;
  urgent?: boolean;
  available?: boolean;
  after?: { rank: number; id: string };
  limit: number;
}

export type RankedServiceRow = DirectoryServiceRow & { rank: number };

type Tables = DirectoryTables & { s: DirectoryServiceRow };
type ServiceQuery = SelectQueryBuilder<Tables, 's', DirectoryServiceRow>;

/** "The service's list (sexes, nationalities, languages) holds `value`": a semi-join on the normalised list table. */
function listed(
  list: 'directory_service_sexes' | 'directory_service_nationalities' | 'directory_service_languages',
  column: 'sex' | 'country_code' | 'language',
  value: string,
) {
  return sql<SqlBool>`exists (select 1 from ${sql.table(list)} as l where l.service_id = s.id and ${sql.ref(`l.${column}`)} = ${value})`;
}

/** The filters every strategy shares: type, eligibility, language, urgency, free places. */
function applyFilters(query: ServiceQuery, q: DirectorySearch): ServiceQuery {
  let out = query;
  if (q.type) out = out.where('s.service_type', '=', q.type);
  const age = q.age;
  if (age !== undefined) {
    out = out
      .where((eb) => eb.or([eb('s.age_min', 'is', null), eb('s.age_min', '<=', age)]))
      .where((eb) => eb.or([eb('s.age_max', 'is', null), eb('s.age_max', '>=', age)]));
  }
  const sex = q.sex;
  if (sex) out = out.where((eb) => eb.or([eb('s.sexes_any', '=', 1), listed('directory_service_sexes', 'sex', sex)]));
  const nationality = q.nationality;
  if (nationality)
    out = out.where((eb) =>
      eb.or([
        eb('s.nationalities_any', '=', 1),
        listed('directory_service_nationalities', 'country_code', nationality),
      ]),
    );
  const language = q.language;
  if (language) out = out.where(listed('directory_service_languages', 'language', language));
  if (q.urgent) out = out.where('s.urgent_24_7', '=', 1);
  if (q.available) out = out.where((eb) => eb.or([eb('s.capacity_free', 'is', null), eb('s.capacity_free', '>', 0)]));
  return out;
}

const base = (db: Executor): ServiceQuery => t(db).selectFrom('directory_services as s').selectAll('s');

/**
 * One page of the directory search, ordered by proximity rank (same regency 0, same province 1, others 2),
 * then id (keyset on both). Every filter is an indexed equality or a semi-join on a normalised list table.
 */
export async function searchServices(db: Executor, q: DirectorySearch): Promise<RankedServiceRow[]> {
  return q.region ? searchInRegion(db, q, q.region) : searchNationally(db, q);
}

/**
 * With a region the candidates are few (the offers of one regency or province, found through the region
 * index), so one query ranks and sorts them.
 */
async function searchInRegion(
  db: Executor,
  q: DirectorySearch,
  region: NonNullable<DirectorySearch['region']>,
): Promise<RankedServiceRow[]> {
  const rank = sql<number>`(case when ${sql.ref('s.agency_region_code')} = ${q.near.regencyCode ?? ''} then 0 when ${sql.ref(
    's.agency_province_code',
  )} = ${q.near.provinceCode ?? ''} then 1 else 2 end)`;
  let query = applyFilters(base(db), q).where('s.id', 'in', (eb) =>
    eb
      .selectFrom('directory_service_regions as r')
      .select('r.service_id')
      .$if(q.type !== undefined, (sub) => sub.where('r.service_type', '=', q.type!))
      .$call((sub) =>
        region.level === 'province'
          ? sub.where('r.province_code', '=', region.code)
          : sub.where('r.region_code', 'in', [region.code, region.provinceCode]),
      ),
  );
  const after = q.after;
  if (after) {
    query = query.where(
      (eb) =>
        eb.or([
          eb(rank, '>', after.rank),
          eb.and([eb(rank, '=', after.rank), eb('s.id', '>', after.id)]),
        ]) as Expression<SqlBool>,
    );
  }
  const rows = (await query
    .select(rank.as('rank'))
    .orderBy(rank)
    .orderBy('s.id')
    .limit(q.limit)
    .execute()) as unknown as (DirectoryServiceRow & { rank: number | string })[];
  return rows.map((r) => ({ ...r, rank: Number(r.rank) }));
}

/**
 * Without a region every offer of a type matches, so sorting them all would grow with the country. Instead
 * each proximity band is read in id order from its own index and the page stops as soon as it is full.
 */
async function searchNationally(db: Executor, q: DirectorySearch): Promise<RankedServiceRow[]> {
  const { regencyCode, provinceCode } = q.near;
  const out: RankedServiceRow[] = [];
  for (let rank = q.after?.rank ?? 0; rank <= 2 && out.length < q.limit; rank++) {
    let query = applyFilters(base(db), q);
    if (rank === 0) {
      if (!regencyCode) continue;
      query = query.where('s.agency_region_code', '=', regencyCode);
    } else if (rank === 1) {
      if (!provinceCode) continue;
      query = query.where('s.agency_province_code', '=', provinceCode);
      if (regencyCode) query = query.where('s.agency_region_code', '<>', regencyCode);
    } else if (provinceCode) {
      query = query.where((eb) =>
        eb.or([eb('s.agency_province_code', 'is', null), eb('s.agency_province_code', '<>', provinceCode)]),
      );
    }
    if (q.after && q.after.rank === rank) query = query.where('s.id', '>', q.after.id);
    const rows = await query
      .orderBy('s.id')
      .limit(q.limit - out.length)
      .execute();
    for (const row of rows) out.push({ ...row, rank });
  }
  return out;
}
