import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit.js';
import { afterCommit, type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, notFound, validationError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { findRegion, isCountryCode } from '../reference/index.js';
import { requireManageAgencies, requireReadAgencies } from './agencies.policy.js';
import {
  agencyCreateSchema,
  type TAgency,
  type TAgencyCreate,
  type TAgencyListQuery,
  type TAgencyUpdate,
} from './agencies.schema.js';
import {
  type AgencyRow,
  insertAgency,
  selectAgencies,
  selectAgenciesByIds,
  selectAgency,
  selectAgencyByName,
  selectAgencyIdsInRegion,
  toAgency,
  updateAgencyRow,
} from './agencies.store.js';

/**
 * Bodies that may act for the whole country: an Indonesian agency of these types without a region has a national
 * jurisdiction (the national task force, Perpres 69/2008 Art. 4; ministries; LPSK, Law 31/2014; BP2MI).
 * Every other Indonesian agency sits in a province or regency.
 */
const nationalTypes: ReadonlySet<string> = new Set(['taskforce_secretariat', 'ministry', 'lpsk', 'bp2mi']);

/** Checks country/region/parent consistency; returns all field problems at once. */
async function validatePlacement(
  ctx: Context,
  v: { countryCode: string; regionCode: string | null; parentId: string | null; type: string },
  selfId?: string,
): Promise<void> {
  const issues: FieldIssue[] = [];
  if (!isCountryCode(v.countryCode)) issues.push({ field: 'countryCode', code: 'country_unknown' });
  if (v.countryCode === 'ID') {
    if (!v.regionCode) {
      if (!nationalTypes.has(v.type)) issues.push({ field: 'regionCode', code: 'region_required' });
    } else if (!(await findRegion(v.regionCode))) issues.push({ field: 'regionCode', code: 'region_unknown' });
  } else if (v.regionCode) {
    issues.push({ field: 'regionCode', code: 'region_not_for_foreign' });
  }
  if (v.parentId && (v.parentId === selfId || !(await selectAgency(ctx.database.db, v.parentId)))) {
    issues.push({ field: 'parentId', code: 'parent_unknown' });
  }
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
}

/** Creates an agency (system administrator). */
export async function createAgency(ctx: Context, raw: TAgencyCreate): Promise<TAgency> {
  await requireManageAgencies(ctx);
  // Callers other than HTTP (the CLI, the demo seed) get the same validation.
  const parsed = agencyCreateSchema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error);
  const input = parsed.data;
  const placement = {
    countryCode: input.countryCode,
    regionCode: input.regionCode ?? null,
    parentId: input.parentId ?? null,
    type: input.type,
  };
  await validatePlacement(ctx, placement);
  return transact(ctx, async (tx) => {
    if (await selectAgencyByName(tx, input.name, placement.regionCode, placement.countryCode)) {
      throw new AppError('conflict', 'agency_name_taken', {}, [{ field: 'name', code: 'invalid' }]);
    }
    const now = ctx.clock.now().toISOString();
    const row: AgencyRow = {
      id: uuidv7(),
      name: input.name,
      short_name: input.shortName ?? null,
      type: input.type,
      region_code: placement.regionCode,
      country_code: placement.countryCode,
      parent_id: placement.parentId,
      contact_phone: input.contactPhone ?? null,
      contact_email: input.contactEmail ?? null,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await insertAgency(tx, row);
    await appendAudit(tx, ctx, {
      action: 'agencies.create',
      entityType: 'agency',
      entityId: row.id,
      details: { type: row.type, regionCode: row.region_code, countryCode: row.country_code },
    });
    return toAgency(row);
  });
}

/** Edits an agency; the audit event names the fields that changed. */
export async function updateAgency(ctx: Context, id: string, input: TAgencyUpdate): Promise<TAgency> {
  await requireManageAgencies(ctx);
  const current = await selectAgency(ctx.database.db, id);
  if (!current) throw notFound();
  const next = {
    name: input.name ?? current.name,
    short_name: input.shortName !== undefined ? input.shortName : current.short_name,
    type: input.type ?? current.type,
    country_code: input.countryCode ?? current.country_code,
    region_code: input.regionCode !== undefined ? input.regionCode : current.region_code,
    parent_id: input.parentId !== undefined ? input.parentId : current.parent_id,
    contact_phone: input.contactPhone !== undefined ? input.contactPhone : current.contact_phone,
    contact_email: input.contactEmail !== undefined ? input.contactEmail : current.contact_email,
  };
  if (input.countryCode && input.countryCode !== 'ID' && input.regionCode === undefined) next.region_code = null;
  await validatePlacement(
    ctx,
    { countryCode: next.country_code, regionCode: next.region_code, parentId: next.parent_id, type: next.type },
    id,
  );
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== current[k]);
  return transact(ctx, async (tx) => {
    if (changed.includes('name') || changed.includes('region_code')) {
      const clash = await selectAgencyByName(tx, next.name, next.region_code, next.country_code);
      if (clash && clash.id !== id)
        throw new AppError('conflict', 'agency_name_taken', {}, [{ field: 'name', code: 'invalid' }]);
    }
    const updatedAt = ctx.clock.now().toISOString();
    await updateAgencyRow(tx, id, { ...next, updated_at: updatedAt });
    forgetAgencyFacts(tx, id);
    await appendAudit(tx, ctx, { action: 'agencies.update', entityType: 'agency', entityId: id, details: { changed } });
    return toAgency({ ...current, ...next, updated_at: updatedAt });
  });
}

/** Disables or re-enables an agency. */
export async function setAgencyStatus(ctx: Context, id: string, status: 'active' | 'disabled'): Promise<TAgency> {
  await requireManageAgencies(ctx);
  return transact(ctx, async (tx) => {
    const current = await selectAgency(tx, id);
    if (!current) throw notFound();
    const updatedAt = ctx.clock.now().toISOString();
    await updateAgencyRow(tx, id, { status, updated_at: updatedAt });
    forgetAgencyFacts(tx, id);
    await appendAudit(tx, ctx, {
      action: status === 'active' ? 'agencies.enable' : 'agencies.disable',
      entityType: 'agency',
      entityId: id,
    });
    return toAgency({ ...current, status, updated_at: updatedAt });
  });
}

export async function getAgency(ctx: Context, id: string): Promise<TAgency> {
  await requireReadAgencies(ctx);
  const row = await selectAgency(ctx.database.db, id);
  if (!row) throw notFound();
  return toAgency(row);
}

const agencyCursor = z.tuple([z.string(), z.string()]);

export async function listAgencies(
  ctx: Context,
  q: TAgencyListQuery,
): Promise<{ items: TAgency[]; nextCursor: string | null }> {
  await requireReadAgencies(ctx);
  const rows = await selectAgencies(ctx.database.db, {
    q: q.q,
    type: q.type,
    status: q.status,
    regionCode: q.regionCode,
    after: decodeCursor(q.cursor, agencyCursor),
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map(toAgency);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.name, last.id]) : null };
}

/** For other modules: an active agency's scope facts, or undefined. */
export async function findActiveAgency(ctx: Context, id: string): Promise<TAgency | undefined> {
  const row = await selectAgency(ctx.database.db, id);
  return row && row.status === 'active' ? toAgency(row) : undefined;
}

/** For other modules: many active agencies by id in one query (id → agency; disabled and missing ones left out). */
export async function findActiveAgencies(ctx: Context, ids: readonly string[]): Promise<Map<string, TAgency>> {
  const rows = await selectAgenciesByIds(ctx.database.db, ids);
  return new Map(rows.filter((r) => r.status === 'active').map((r) => [r.id, toAgency(r)]));
}

/** For seeding and tests: look an agency up without an access check. */
export async function findAgencyRow(ctx: Context, id: string): Promise<TAgency | undefined> {
  const row = await selectAgency(ctx.database.db, id);
  return row ? toAgency(row) : undefined;
}

interface AgencyFacts {
  id: string;
  name: string;
  type: string;
  regionCode: string | null;
  /** An Indonesian agency with no one region: its jurisdiction is the whole country (a national task force). */
  national: boolean;
  status: 'active' | 'disabled';
}
const factsCache = new Map<string, { facts: AgencyFacts; until: number }>();
const FACTS_TTL_MS = 5_000;

/** Drops an agency's cached facts now and again after the change commits (no refill with the old row). */
function forgetAgencyFacts(tx: Executor, id: string): void {
  factsCache.delete(id);
  afterCommit(tx, () => factsCache.delete(id));
}

/** The cached facts of an agency if this process read them in the last few seconds (no query, no await). */
export function cachedAgencyFacts(id: string): AgencyFacts | undefined {
  const hit = factsCache.get(id);
  return hit && hit.until > Date.now() ? hit.facts : undefined;
}

/**
 * The few agency facts every authenticated request needs (name, type, jurisdiction), cached for a few
 * seconds per process: agencies change rarely, and sessions must stay a single cheap lookup.
 */
export async function agencyFacts(db: Executor, id: string): Promise<AgencyFacts | undefined> {
  const hit = factsCache.get(id);
  if (hit && hit.until > Date.now()) return hit.facts;
  const row = await selectAgency(db, id);
  if (!row) return undefined;
  const facts: AgencyFacts = {
    id: row.id,
    name: row.name,
    type: row.type,
    regionCode: row.region_code,
    national: row.country_code === 'ID' && row.region_code === null && nationalTypes.has(row.type),
    status: row.status,
  };
  if (factsCache.size > 10_000) factsCache.clear();
  factsCache.set(id, { facts, until: Date.now() + FACTS_TTL_MS });
  return facts;
}

/** Ids of the agencies inside a region (for jurisdiction-scoped lists of other modules). */
export async function agencyIdsInRegion(db: Executor, regionCode: string): Promise<string[]> {
  return selectAgencyIdsInRegion(db, regionCode);
}
