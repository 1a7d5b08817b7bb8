import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue, invalid, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { alertActionKey, raiseAlerts, resolveAlerts } from '../alerts/index.js';
import {
  caseSupervisorIds,
  type loadCase,
  markScreeningStarted,
  recordTimeline,
  recordTraffickingDecision,
} from '../cases/index.js';
import { delphiV1 } from './indicators.v1.js';
import {
  requireApproveScreening,
  requireNotOwnDecision,
  requireReadScreenings,
  requireScreenCase,
} from './screening.policy.js';
import {
  RATIONALE_MIN,
  type TScreening,
  type TScreeningApprove,
  type TScreeningCreate,
  type TScreeningDecide,
  type TToolDefinition,
  type TToolOut,
  toolDefinitionSchema,
} from './screening.schema.js';
import { type DimensionResult, scoreScreening, unknownActIndexes, unknownIndicatorIds } from './screening.scoring.js';
import {
  insertScreening,
  insertToolIfMissing,
  type ScreeningRow,
  selectCurrentTool,
  selectLatestScreeningId,
  selectScreening,
  selectScreenings,
  selectTool,
  updateApproval,
  updateDecision,
} from './screening.store.js';

const ENC = 'screenings';

type CaseRow = Awaited<ReturnType<typeof loadCase>>;

/* ---------- tool versions ---------- */

// A stored version never changes, so each database's parsed definitions are cached by version.
/** The tool versions this code ships; a revision is a new file added here, never a change to an old one. */
const toolDefinitions: readonly TToolDefinition[] = [delphiV1];
const toolsSynced = new WeakMap<Database, Promise<void>>();

/**
 * Stores every tool version from the code that the database does not hold yet (once per process and database).
 * Versions already stored are left alone: they are what past screenings were scored with.
 */
export function syncScreeningTools(ctx: Pick<Context, 'database' | 'clock'>): Promise<void> {
  let done = toolsSynced.get(ctx.database);
  if (!done) {
    done = (async () => {
      for (const definition of toolDefinitions) {
        await insertToolIfMissing(ctx.database.db, {
          version: definition.version,
          definition: ctx.database.adapter.toJson(definition),
          created_at: ctx.clock.now().toISOString(),
        });
      }
    })();
    toolsSynced.set(ctx.database, done);
    done.catch(() => toolsSynced.delete(ctx.database));
  }
  return done;
}

const toolCache = new WeakMap<Database, Map<number, { definition: TToolDefinition; createdAt: string }>>();

async function loadTool(ctx: Context, version?: number) {
  let cache = toolCache.get(ctx.database);
  if (!cache) {
    cache = new Map();
    toolCache.set(ctx.database, cache);
  }
  if (version !== undefined && cache.has(version)) return cache.get(version);
  await syncScreeningTools(ctx);
  const row =
    version === undefined ? await selectCurrentTool(ctx.database.db) : await selectTool(ctx.database.db, version);
  if (!row) return undefined;
  const definition = toolDefinitionSchema.parse(ctx.database.adapter.fromJson(row.definition));
  const tool = { definition, createdAt: row.created_at };
  cache.set(Number(row.version), tool);
  return tool;
}

/** The current (newest) screening tool with its labels in the caller's language and in both. */
export async function currentTool(ctx: Context): Promise<TToolOut> {
  requireActor(ctx);
  const tool = await loadTool(ctx);
  if (!tool) throw notFound();
  const d = tool.definition;
  const label = (labels: { id: string; en: string }) => ({ label: labels[ctx.locale], labels });
  return {
    version: d.version,
    ...label(d.name),
    source: d.source,
    publishedOn: d.publishedOn,
    createdAt: tool.createdAt,
    dimensions: d.dimensions.map((dim) => ({
      id: dim.id,
      key: dim.key,
      ...label(dim.labels),
      indicators: dim.indicators.map((i) => ({ id: i.id, weight: i.weight, ...label(i.labels) })),
    })),
    acts: d.acts.map((a) => ({ id: a.id, ...label(a.labels) })),
    rules: d.rules,
  };
}

/* ---------- presenting ---------- */

function toScreening(ctx: Context, r: ScreeningRow): TScreening {
  const a = ctx.database.adapter;
  const k = ctx.keyring;
  return {
    id: r.id,
    caseId: r.case_id,
    toolVersion: Number(r.tool_version),
    rule: r.is_child === 1 ? 'child' : 'adult',
    answers: a.fromJson<Record<string, boolean>>(r.answers),
    acts: a.fromJson<string[]>(r.acts),
    dimensions: a.fromJson<DimensionResult[]>(r.dimension_results),
    presumedVictim: r.presumed_victim === 1,
    recommendation: r.recommendation as TScreening['recommendation'],
    notes: k.decryptNullable(ENC, 'notes_enc', r.id, r.notes_enc),
    createdBy: r.created_by,
    createdAt: r.created_at,
    decision:
      r.decision_status && r.decided_by && r.decided_at
        ? {
            status: r.decision_status as NonNullable<TScreening['decision']>['status'],
            decidedByOrg: r.decided_by_org as NonNullable<TScreening['decision']>['decidedByOrg'],
            rationale: k.decryptNullable(ENC, 'rationale_enc', r.id, r.rationale_enc),
            differsFromRecommendation: r.decision_status !== r.recommendation,
            decidedBy: r.decided_by,
            decidedAt: r.decided_at,
          }
        : null,
    approval: r.approval_status
      ? {
          status: r.approval_status,
          by: r.approved_by,
          at: r.approved_at,
          note: k.decryptNullable(ENC, 'approval_note_enc', r.id, r.approval_note_enc),
        }
      : null,
  };
}

function assertCaseOpen(row: CaseRow) {
  if (row.stage === 'closed') throw new AppError('conflict', 'case_closed');
}

/** Loads a screening and its case through one of the policy's abilities; out of scope answers like missing (404). */
async function loadScreening(ctx: Context, id: string, ability: (ctx: Context, caseId: string) => Promise<CaseRow>) {
  const screening = await selectScreening(ctx.database.db, id);
  if (!screening) throw notFound();
  const caseRow = await ability(ctx, screening.case_id);
  return { screening, caseRow };
}

/** A decision belongs to the case's newest screening; an older one has been superseded by re-screening. */
async function assertNewest(db: Executor, s: ScreeningRow) {
  if ((await selectLatestScreeningId(db, s.case_id)) !== s.id) throw new AppError('conflict', 'screening_superseded');
}

/* ---------- screening ---------- */

/** Screens a case with a stored tool version: scores the answers and recommends; a person decides later. */
export async function createScreening(ctx: Context, caseId: string, input: TScreeningCreate): Promise<TScreening> {
  const actor = requireActor(ctx);
  const caseRow = await requireScreenCase(ctx, caseId);
  assertCaseOpen(caseRow);
  const tool = await loadTool(ctx, input.toolVersion);
  if (!tool) throw invalid('toolVersion', 'screening_tool_unknown', { version: input.toolVersion });
  const acts = [...new Set(input.acts)];
  const issues: FieldIssue[] = [
    ...unknownIndicatorIds(tool.definition, input.answers).map((id) => ({
      field: `answers.${id}`,
      code: 'indicator_unknown',
    })),
    ...unknownActIndexes(tool.definition, input.acts).map((i) => ({ field: `acts.${i}`, code: 'act_unknown' })),
  ];
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);

  // The child rule follows the case's child flag (under 18, Law 21/2007 Art. 1(5)).
  const isChild = caseRow.is_child === 1;
  const score = scoreScreening(tool.definition, { answers: input.answers, acts, isChild });
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const a = ctx.database.adapter;
  const row: ScreeningRow = {
    id,
    case_id: caseId,
    tool_version: tool.definition.version,
    is_child: isChild ? 1 : 0,
    answers: a.toJson(input.answers),
    acts: a.toJson(acts),
    dimension_results: a.toJson(score.dimensions),
    presumed_victim: score.presumedVictim ? 1 : 0,
    recommendation: score.recommendation,
    notes_enc: ctx.keyring.encryptNullable(ENC, 'notes_enc', id, input.notes),
    created_by: actor.userId,
    created_at: now,
    decision_status: null,
    decided_by_org: null,
    rationale_enc: null,
    decided_by: null,
    decided_at: null,
    approval_status: null,
    approved_by: null,
    approved_at: null,
    approval_note_enc: null,
  };
  const positiveDimensions = score.dimensions.filter((d) => d.positive).map((d) => d.dimension);
  await transact(ctx, async (tx) => {
    await insertScreening(tx, row);
    await appendAudit(tx, ctx, {
      action: 'screenings.create',
      entityType: 'case',
      entityId: caseId,
      details: {
        screeningId: id,
        toolVersion: row.tool_version,
        rule: score.rule,
        positiveDimensions,
        recommendation: score.recommendation,
      },
    });
    await recordTimeline(tx, ctx, caseId, 'screening.created', {
      screeningId: id,
      toolVersion: row.tool_version,
      rule: score.rule,
      positiveDimensions,
      recommendation: score.recommendation,
    });
    await markScreeningStarted(tx, ctx, caseId);
  });
  return toScreening(ctx, row);
}

/** The case's screening history, newest first (re-screening keeps every earlier screening). */
export async function listScreenings(ctx: Context, caseId: string, cursor?: string, limit = 50) {
  await requireReadScreenings(ctx, caseId);
  const before = decodeCursor(cursor, z.tuple([z.string()]))?.[0];
  const rows = await selectScreenings(ctx.database.db, caseId, before, limit + 1);
  const items = rows.slice(0, limit).map((r) => toScreening(ctx, r));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null };
}

/** A person records the identification decision; it may differ from the recommendation if they say why. */
export async function decideScreening(ctx: Context, id: string, input: TScreeningDecide): Promise<TScreening> {
  const actor = requireActor(ctx);
  const { screening, caseRow } = await loadScreening(ctx, id, requireScreenCase);
  assertCaseOpen(caseRow);
  if (screening.approval_status === 'pending') throw new AppError('conflict', 'screening_decision_pending');
  if (screening.approval_status === 'approved') throw new AppError('conflict', 'screening_already_approved');
  await assertNewest(ctx.database.db, screening);
  const differs = input.status !== screening.recommendation;
  if (differs && (input.rationale?.length ?? 0) < RATIONALE_MIN) {
    throw invalid('rationale', 'rationale_required', { minimum: RATIONALE_MIN });
  }
  const now = ctx.clock.now().toISOString();
  const patch: Partial<ScreeningRow> = {
    decision_status: input.status,
    decided_by_org: input.decidedByOrg,
    rationale_enc: ctx.keyring.encryptNullable(ENC, 'rationale_enc', id, input.rationale),
    decided_by: actor.userId,
    decided_at: now,
    approval_status: 'pending',
    approved_by: null,
    approved_at: null,
    approval_note_enc: null,
  };
  await transact(ctx, async (tx) => {
    if (!(await updateDecision(tx, id, patch))) throw new AppError('conflict', 'screening_decision_pending');
    const details = {
      screeningId: id,
      status: input.status,
      decidedByOrg: input.decidedByOrg,
      differsFromRecommendation: differs,
    };
    await appendAudit(tx, ctx, { action: 'screenings.decide', entityType: 'case', entityId: caseRow.id, details });
    await recordTimeline(tx, ctx, caseRow.id, 'screening.decided', details);
    // Four eyes: a supervisor other than the decider approves.
    await raiseAlerts(
      tx,
      ctx,
      (await caseSupervisorIds(tx, caseRow)).filter((u) => u !== actor.userId),
      {
        kind: 'screening_approval_needed',
        entityType: 'case',
        entityId: caseRow.id,
        params: { caseNumber: caseRow.case_number, screeningId: id },
      },
    );
  });
  return toScreening(ctx, { ...screening, ...patch });
}

/** A supervisor other than the decider approves (the case records the decision) or rejects it. */
export async function approveScreening(ctx: Context, id: string, input: TScreeningApprove): Promise<TScreening> {
  const actor = requireActor(ctx);
  const { screening, caseRow } = await loadScreening(ctx, id, requireApproveScreening);
  assertCaseOpen(caseRow);
  if (screening.approval_status === 'approved') throw new AppError('conflict', 'screening_already_approved');
  if (screening.approval_status !== 'pending' || !screening.decision_status || !screening.decided_by_org) {
    throw new AppError('conflict', 'screening_not_decided');
  }
  requireNotOwnDecision(ctx, screening);
  await assertNewest(ctx.database.db, screening);
  const now = ctx.clock.now().toISOString();
  const patch: Partial<ScreeningRow> = {
    approval_status: input.approve ? 'approved' : 'rejected',
    approved_by: actor.userId,
    approved_at: now,
    approval_note_enc: ctx.keyring.encryptNullable(ENC, 'approval_note_enc', id, input.note),
  };
  const decision = { status: screening.decision_status, decidedByOrg: screening.decided_by_org };
  await transact(ctx, async (tx) => {
    if (!(await updateApproval(tx, id, patch))) throw new AppError('conflict', 'screening_not_decided');
    // The approval every supervisor was asked for is done: their alerts clear.
    await resolveAlerts(tx, ctx, alertActionKey.screeningApproval(id));
    if (input.approve) await recordTraffickingDecision(tx, ctx, caseRow.id, decision);
    const details = { screeningId: id, approve: input.approve, ...decision };
    await appendAudit(tx, ctx, { action: 'screenings.approve', entityType: 'case', entityId: caseRow.id, details });
    await recordTimeline(tx, ctx, caseRow.id, input.approve ? 'screening.approved' : 'screening.rejected', details);
    if (screening.decided_by) {
      await raiseAlerts(tx, ctx, [screening.decided_by], {
        kind: input.approve ? 'screening_approved' : 'screening_rejected',
        entityType: 'case',
        entityId: caseRow.id,
        params: { caseNumber: caseRow.case_number, screeningId: id },
      });
    }
  });
  return toScreening(ctx, { ...screening, ...patch });
}

/** Encrypted columns of the screening tables, for key rotation. */
export const screeningEncryptedColumns = [
  { table: 'screenings', idColumn: 'id', columns: ['notes_enc', 'rationale_enc', 'approval_note_enc'] },
];
