import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { agencyFacts, findAgencyRow, type TAgency } from '../agencies/index.js';
import { findRegion, isCountryCode, type Region } from '../reference/index.js';
import { requireEditDirectory, requireEditEntriesOf, requireSearchDirectory } from './directory.policy.js';
import type {
  Proximity,
  ServiceType,
  TDirectorySearchQuery,
  TDirectoryService,
  TDirectoryServiceUpsert,
} from './directory.schema.js';
import {
  type DirectoryServiceRow,
  deleteService,
  type RankedServiceRow,
  type ServiceLists,
  searchServices,
  selectAgencyServices,
  selectLists,
  selectService,
  writeService,
} from './directory.store.js';

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** An ISO 639-1 code in its current form ("id", not the withdrawn "in"). */
export function isLanguageCode(code: string): boolean {
  try {
    return Intl.getCanonicalLocales(code)[0] === code && languageNames.of(code) !== undefined;
  } catch {
    return false;
  }
}

/**
 * An agency's entries may be edited by its own staff holding `directory.manage` (roles that receive referrals,
 * approve cases or manage agencies); a wider role scope (the system administrator's `all`) reaches every agency.
 * Another agency's entry answers like a missing one (404).
 */
async function loadEditableAgency(ctx: Context, agencyId: string): Promise<TAgency> {
  await requireEditDirectory(ctx);
  const agency = await findAgencyRow(ctx, agencyId);
  if (!agency) throw notFound();
  await requireEditEntriesOf(ctx, agency);
  return agency;
}

function present(
  row: DirectoryServiceRow,
  lists: ServiceLists,
  agency: { id: string; name: string; type: string; regionCode: string | null },
  proximity?: Proximity,
): TDirectoryService {
  const capacity =
    row.capacity_total !== null && row.capacity_free !== null
      ? { total: row.capacity_total, free: row.capacity_free, updatedAt: row.capacity_updated_at }
      : null;
  return {
    id: row.id,
    agency: { id: agency.id, name: agency.name, type: agency.type, regionCode: agency.regionCode },
    serviceType: row.service_type,
    regions: lists.regions.map((r) => r.code),
    regionsDefault: row.regions_default === 1,
    eligibility: {
      ageMin: row.age_min,
      ageMax: row.age_max,
      sexes: lists.sexes,
      nationalities: lists.nationalities,
    },
    languages: lists.languages,
    capacity,
    hours: row.hours,
    contact: { phone: row.contact_phone, email: row.contact_email },
    urgent24x7: row.urgent_24_7 === 1,
    ...(proximity ? { proximity } : {}),
    updatedAt: row.updated_at,
  };
}

/** Distinct and sorted, as the store reads lists back. */
const unique = (values: string[]) => [...new Set(values)].sort();

/** Validates the lists against the reference data; every problem names its field. */
async function checkEntry(input: TDirectoryServiceUpsert, agency: TAgency) {
  const issues: FieldIssue[] = [];
  const regions: Region[] = [];
  for (const [i, code] of input.regions.entries()) {
    const region = await findRegion(code);
    if (!region) issues.push({ field: `regions.${i}`, code: 'region_unknown' });
    else if (!regions.some((r) => r.code === region.code)) regions.push(region);
  }
  for (const [i, code] of input.eligibility.nationalities.entries()) {
    if (!isCountryCode(code)) issues.push({ field: `eligibility.nationalities.${i}`, code: 'country_unknown' });
  }
  for (const [i, code] of input.languages.entries()) {
    if (!isLanguageCode(code)) issues.push({ field: `languages.${i}`, code: 'language_unknown' });
  }
  const { ageMin, ageMax } = input.eligibility;
  if (ageMin != null && ageMax != null && ageMin > ageMax)
    issues.push({ field: 'eligibility.ageMax', code: 'age_range' });
  if (input.capacity && input.capacity.free > input.capacity.total)
    issues.push({ field: 'capacity.free', code: 'capacity_exceeds_total' });
  if (!input.contact.phone && !input.contact.email) issues.push({ field: 'contact', code: 'contact_required' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  // No regions given: the service covers the agency's own region (none for an agency abroad).
  const own = agency.regionCode ? await findRegion(agency.regionCode) : undefined;
  const regionsDefault = regions.length === 0;
  const served = regionsDefault ? (own ? [own] : []) : regions;
  const lists: ServiceLists = {
    regions: served
      .map((r) => ({ code: r.code, provinceCode: r.provinceCode }))
      .sort((x, y) => (x.code < y.code ? -1 : 1)),
    sexes: unique(input.eligibility.sexes),
    nationalities: unique(input.eligibility.nationalities),
    languages: unique(input.languages),
  };
  return { lists, regionsDefault, own };
}

/** Publishes (creates or replaces) one of an agency's services in the directory. */
export async function upsertDirectoryService(
  ctx: Context,
  agencyId: string,
  type: ServiceType,
  input: TDirectoryServiceUpsert,
): Promise<TDirectoryService> {
  const actor = requireActor(ctx);
  const agency = await loadEditableAgency(ctx, agencyId);
  const { lists, regionsDefault, own } = await checkEntry(input, agency);
  const now = ctx.clock.now().toISOString();
  return transact(ctx, async (tx) => {
    const existing = await selectService(tx, agency.id, type);
    const capacity = input.capacity ?? null;
    const capacityChanged =
      (existing?.capacity_total ?? null) !== (capacity?.total ?? null) ||
      (existing?.capacity_free ?? null) !== (capacity?.free ?? null);
    const row: DirectoryServiceRow = {
      id: existing?.id ?? uuidv7(),
      agency_id: agency.id,
      service_type: type,
      agency_region_code: agency.regionCode,
      agency_province_code: own?.provinceCode ?? null,
      regions_default: regionsDefault ? 1 : 0,
      age_min: input.eligibility.ageMin ?? null,
      age_max: input.eligibility.ageMax ?? null,
      sexes_any: lists.sexes.length === 0 ? 1 : 0,
      nationalities_any: lists.nationalities.length === 0 ? 1 : 0,
      capacity_total: capacity?.total ?? null,
      capacity_free: capacity?.free ?? null,
      capacity_updated_at: capacity ? (capacityChanged ? now : (existing?.capacity_updated_at ?? now)) : null,
      hours: input.hours ?? null,
      contact_phone: input.contact.phone ?? null,
      contact_email: input.contact.email ?? null,
      urgent_24_7: input.urgent24x7 ? 1 : 0,
      created_by: existing?.created_by ?? actor.userId,
      created_at: existing?.created_at ?? now,
      updated_by: actor.userId,
      updated_at: now,
    };
    await writeService(tx, row, lists, existing !== undefined);
    await appendAudit(tx, ctx, {
      action: 'directory.services.upsert',
      entityType: 'directory_service',
      entityId: row.id,
      details: {
        agencyId: agency.id,
        serviceType: type,
        created: existing === undefined,
        regions: lists.regions.length,
        urgent24x7: input.urgent24x7,
        capacity,
      },
    });
    return present(row, lists, agency);
  });
}

/** Withdraws one of an agency's services from the directory. */
export async function removeDirectoryService(ctx: Context, agencyId: string, type: ServiceType): Promise<void> {
  const agency = await loadEditableAgency(ctx, agencyId);
  await transact(ctx, async (tx) => {
    const existing = await selectService(tx, agency.id, type);
    if (!existing) throw notFound();
    await deleteService(tx, existing.id);
    await appendAudit(tx, ctx, {
      action: 'directory.services.remove',
      entityType: 'directory_service',
      entityId: existing.id,
      details: { agencyId: agency.id, serviceType: type },
    });
  });
}

/** The services one agency publishes. */
export async function listAgencyDirectoryServices(ctx: Context, agencyId: string): Promise<TDirectoryService[]> {
  await requireSearchDirectory(ctx);
  const agency = await findAgencyRow(ctx, agencyId);
  if (!agency) throw notFound();
  const rows = await selectAgencyServices(ctx.database.db, agency.id);
  const lists = await selectLists(
    ctx.database.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => present(r, lists.get(r.id)!, agency));
}

const searchCursor = z.tuple([z.number().int().min(0).max(2), z.string()]);
const proximityOf: Proximity[] = ['regency', 'province', 'other'];
/** Rounds of over-fetching when disabled agencies' entries are skipped. */
const MAX_ROUNDS = 5;

/**
 * Searches the directory by service type, region, eligibility, language and urgency. Agencies in the same
 * regency come first, then the same province, then the rest (relative to the searched region, or else the
 * caller's own agency). Entries of disabled agencies are left out.
 */
export async function searchDirectory(ctx: Context, q: TDirectorySearchQuery) {
  const actor = requireActor(ctx);
  await requireSearchDirectory(ctx);
  const issues: FieldIssue[] = [];
  const region = q.region ? await findRegion(q.region) : undefined;
  if (q.region && !region) issues.push({ field: 'query.region', code: 'region_unknown' });
  if (q.nationality && !isCountryCode(q.nationality))
    issues.push({ field: 'query.nationality', code: 'country_unknown' });
  if (q.language && !isLanguageCode(q.language)) issues.push({ field: 'query.language', code: 'language_unknown' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  const nearRegion = region ?? (actor.agencyRegionCode ? await findRegion(actor.agencyRegionCode) : undefined);
  const near = {
    regencyCode: nearRegion?.level === 'regency' ? nearRegion.code : null,
    provinceCode: nearRegion?.provinceCode ?? null,
  };
  const decoded = decodeCursor(q.cursor, searchCursor);
  let after = decoded ? { rank: decoded[0], id: decoded[1] } : undefined;
  const db = ctx.database.db;
  const found: { row: RankedServiceRow; agency: NonNullable<Awaited<ReturnType<typeof agencyFacts>>> }[] = [];
  let exhausted = false;
  for (let round = 0; round < MAX_ROUNDS && found.length <= q.limit; round++) {
    const want = q.limit + 1 - found.length;
    const rows = await searchServices(db, {
      type: q.type,
      region: region ? { code: region.code, provinceCode: region.provinceCode, level: region.level } : undefined,
      near,
      age: q.age,
      sex: q.sex,
      nationality: q.nationality,
      language: q.language,
      urgent: q.urgent,
      available: q.available,
      after,
      limit: want,
    });
    for (const row of rows) {
      const agency = await agencyFacts(db, row.agency_id);
      if (agency?.status === 'active') found.push({ row, agency });
    }
    const last = rows.at(-1);
    if (last) after = { rank: last.rank, id: last.id };
    if (rows.length < want) {
      exhausted = true;
      break;
    }
  }
  const page = found.slice(0, q.limit);
  const lists = await selectLists(
    db,
    page.map((f) => f.row.id),
  );
  const items = page.map(({ row, agency }) =>
    present(row, lists.get(row.id)!, agency, proximityOf[row.rank] ?? 'other'),
  );
  const lastItem = page.at(-1)?.row;
  let nextCursor: string | null = null;
  if (found.length > q.limit && lastItem) nextCursor = encodeCursor([lastItem.rank, lastItem.id]);
  // Every fetched entry was skipped (disabled agencies): continue after the last one scanned.
  else if (!exhausted && after) nextCursor = encodeCursor([after.rank, after.id]);
  return { items, nextCursor };
}
