import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { reportingInstants } from '../../platform/time.js';
import { findActiveAgency } from '../agencies/index.js';
import { countDeliveredServices } from '../services/index.js';
import { preventionAudit } from './prevention.audit.js';
import { budgetListScope, requireManageBudgetOf, requireReadProgramme } from './prevention.policy.js';
import type { TAllocation, TBudgetSummary } from './prevention.schema.js';
import { fundingSources } from './prevention.schema.js';
import { programmeAwarenessChange } from './prevention.service.js';
import {
  type AllocationRow,
  bookSpending,
  insertAllocation,
  insertExpenditure,
  selectAllocation,
  selectAllocations,
  selectExpenditures,
  selectProgramme,
  selectProgrammesByIds,
  sumParticipants,
} from './prevention.store.js';

const invalid = (issues: FieldIssue[]) => new AppError('validation', 'validation', {}, issues);

const presentAllocation = (r: AllocationRow): TAllocation => ({
  id: r.id,
  agencyId: r.agency_id,
  programmeId: r.programme_id,
  purpose: r.purpose as TAllocation['purpose'],
  year: r.year,
  source: r.source as TAllocation['source'],
  amount: Number(r.amount),
  spent: Number(r.spent),
  remaining: Number(r.amount) - Number(r.spent),
  note: r.note,
  createdAt: r.created_at,
});

/** An allocation of money for a year from one funding source: to a prevention programme or to victim services. */
export async function createAllocation(
  ctx: Context,
  input: {
    agencyId?: string;
    programmeId?: string;
    purpose: 'prevention' | 'victim_services';
    year: number;
    source: string;
    amount: number;
    note?: string;
  },
): Promise<TAllocation> {
  const actor = requireActor(ctx);
  let agencyId = input.agencyId ?? actor.agencyId;
  const issues: FieldIssue[] = [];
  if (input.programmeId) {
    const programme = await selectProgramme(ctx.database.db, input.programmeId);
    if (!programme) throw notFound();
    await requireReadProgramme(ctx, {
      id: programme.id,
      agencyId: programme.agency_id,
      createdBy: programme.created_by,
    });
    if (input.agencyId && input.agencyId !== programme.agency_id)
      issues.push({ field: 'agencyId', code: 'programme_agency_mismatch' });
    agencyId = programme.agency_id;
    if (input.purpose !== 'prevention') issues.push({ field: 'purpose', code: 'programme_needs_prevention' });
    if (input.year < Number(programme.starts_on.slice(0, 4)) || input.year > Number(programme.ends_on.slice(0, 4)))
      issues.push({ field: 'year', code: 'outside_programme_period' });
  } else if (input.purpose === 'prevention') issues.push({ field: 'programmeId', code: 'required' });
  await requireManageBudgetOf(ctx, agencyId);
  if (!(await findActiveAgency(ctx, agencyId))) issues.push({ field: 'agencyId', code: 'agency_not_active' });
  if (issues.length > 0) throw invalid(issues);
  const row: AllocationRow = {
    id: uuidv7(),
    agency_id: agencyId,
    programme_id: input.programmeId ?? null,
    purpose: input.purpose,
    year: input.year,
    source: input.source,
    amount: input.amount,
    spent: 0,
    note: input.note ?? null,
    created_by: actor.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  await transact(ctx, async (tx) => {
    await insertAllocation(tx, row);
    await appendAudit(tx, ctx, {
      ...preventionAudit.allocationCreate,
      entityId: row.id,
      details: { agencyId, programmeId: row.programme_id, year: row.year, source: row.source, amount: row.amount },
    });
  });
  return presentAllocation(row);
}

async function loadAllocation(ctx: Context, id: string): Promise<AllocationRow> {
  const row = await selectAllocation(ctx.database.db, id);
  if (!row) throw notFound();
  await requireManageBudgetOf(ctx, row.agency_id, row.id);
  return row;
}

/**
 * Spending against an allocation, with the document that proves it. The allocation is never overspent: the
 * booking is a conditional update, so of two expenditures that together exceed it the later one gets 409.
 */
export async function createExpenditure(
  ctx: Context,
  allocationId: string,
  input: { spentOn: string; amount: number; description: string; evidenceRef: string },
) {
  const actor = requireActor(ctx);
  const allocation = await loadAllocation(ctx, allocationId);
  if (Number(input.spentOn.slice(0, 4)) !== allocation.year)
    throw invalid([{ field: 'spentOn', code: 'outside_budget_year' }]);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  await transact(ctx, async (tx) => {
    if (!(await bookSpending(tx, allocationId, input.amount)))
      throw new AppError('conflict', 'budget_exceeded', {
        remaining: Number(allocation.amount) - Number(allocation.spent),
      });
    await insertExpenditure(tx, {
      id,
      allocation_id: allocationId,
      spent_on: input.spentOn,
      amount: input.amount,
      description: input.description,
      evidence_ref: input.evidenceRef,
      created_by: actor.userId,
      created_at: now,
    });
    await appendAudit(tx, ctx, {
      ...preventionAudit.expenditureCreate,
      entityId: allocationId,
      details: { expenditureId: id, amount: input.amount, spentOn: input.spentOn },
    });
  });
  return {
    id,
    allocationId,
    spentOn: input.spentOn,
    amount: input.amount,
    description: input.description,
    evidenceRef: input.evidenceRef,
    createdBy: actor.userId,
    createdAt: now,
  };
}

export async function listExpenditures(ctx: Context, allocationId: string) {
  const row = await selectAllocation(ctx.database.db, allocationId);
  if (!row) throw notFound();
  const scope = await budgetListScope(ctx);
  if (scope.kind !== 'all' && !(scope.kind !== 'own' && scope.agencyId === row.agency_id)) throw notFound();
  const items = await selectExpenditures(ctx.database.db, allocationId);
  return {
    items: items.map((e) => ({
      id: e.id,
      allocationId: e.allocation_id,
      spentOn: e.spent_on,
      amount: Number(e.amount),
      description: e.description,
      evidenceRef: e.evidence_ref,
      createdBy: e.created_by,
      createdAt: e.created_at,
    })),
    nextCursor: null,
  };
}

const perUnit = (amount: number, units: number | null) =>
  units && units > 0 ? Math.round((amount / units) * 100) / 100 : null;

/**
 * The year's money in the caller's reach: allocations with what was spent, totals per funding source, cost per
 * participant and per awareness point for each programme, and cost per victim served and per service delivered
 * for victim-services money (services delivered by the same agencies in that year, WIB).
 */
export async function budgetSummary(ctx: Context, q: { year: number; agencyId?: string }): Promise<TBudgetSummary> {
  const scope = await budgetListScope(ctx);
  const db = ctx.database.db;
  const rows = await selectAllocations(db, { scope, year: q.year, agencyId: q.agencyId });
  const allocations = rows.map(presentAllocation);
  const bySource = fundingSources.map((source) => {
    const of = allocations.filter((a) => a.source === source);
    return {
      source,
      allocated: of.reduce((s, a) => s + a.amount, 0),
      spent: of.reduce((s, a) => s + a.spent, 0),
    };
  });
  const programmeIds = [...new Set(allocations.map((a) => a.programmeId).filter((id): id is string => id !== null))];
  const [programmes, participants] = await Promise.all([
    selectProgrammesByIds(db, programmeIds),
    sumParticipants(db, programmeIds),
  ]);
  const programmeRows = [];
  for (const p of programmes.sort((a, b) => a.name.localeCompare(b.name))) {
    const of = allocations.filter((a) => a.programmeId === p.id);
    const spent = of.reduce((s, a) => s + a.spent, 0);
    const reached = participants.get(p.id) ?? 0;
    const { change } = await programmeAwarenessChange(ctx, p.id);
    const gain = change.change !== null && change.change > 0 ? change.change * reached : null;
    programmeRows.push({
      programmeId: p.id,
      name: p.name,
      type: p.type,
      allocated: of.reduce((s, a) => s + a.amount, 0),
      spent,
      participants: reached,
      costPerParticipant: perUnit(spent, reached),
      awarenessChange: change.change,
      costPerAwarenessPoint: perUnit(spent, gain),
    });
  }
  const services = allocations.filter((a) => a.purpose === 'victim_services');
  const serviceAgencies = [...new Set(services.map((a) => a.agencyId))];
  // The budget year as a reporting period (platform/time.ts: from 1 January 00:00 WIB).
  const year = reportingInstants({ fromYear: q.year, toYear: q.year });
  const delivered = await countDeliveredServices(db, serviceAgencies, year.from!, year.until!);
  const servicesSpent = services.reduce((s, a) => s + a.spent, 0);
  return {
    year: q.year,
    allocations,
    bySource,
    programmes: programmeRows,
    victimServices: {
      allocated: services.reduce((s, a) => s + a.amount, 0),
      spent: servicesSpent,
      victimsServed: delivered.victimsServed,
      servicesDelivered: delivered.servicesDelivered,
      costPerVictim: perUnit(servicesSpent, delivered.victimsServed),
      costPerService: perUnit(servicesSpent, delivered.servicesDelivered),
    },
  };
}
