import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { Database, Executor } from '../../platform/db/index.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { translate } from '../../platform/i18n/index.js';
import { isBeyondClockSkew } from '../../platform/time.js';
import { caseTeamIds, completeDueTasks, recordTimeline, scheduleTask } from '../cases/index.js';
import { requireReadAssessments, requireRecordAssessment } from './assessments.policy.js';
import type {
  TAssessment,
  TAssessmentCreate,
  TAssessmentListQuery,
  TQuestionnaire,
  TTrend,
} from './assessments.schema.js';
import {
  type AnswerValue,
  addMonths,
  isSustainablyReintegrated,
  REINTEGRATION_FOLLOW_UP_MONTHS,
  SUSTAINABLE_REINTEGRATION_THRESHOLD,
  scoreAssessment,
  validateAnswers,
} from './assessments.scoring.js';
import {
  type AssessmentRow,
  type AssessmentScoreRow,
  insertAssessment,
  insertQuestionnaireIfMissing,
  selectAssessments,
  selectCurrentQuestionnaires,
  selectQuestionnaire,
  selectScores,
} from './assessments.store.js';
import {
  type QuestionnaireDefinition,
  questionnaireDefinitions,
  REINTEGRATION_QUESTIONNAIRE,
} from './questionnaires/index.js';

const ENC = 'assessments';

/* ---------- questionnaire definitions ---------- */

const synced = new WeakMap<Database, Promise<void>>();

/**
 * Stores every questionnaire version from the code that the database does not hold yet (once per process and
 * database). Versions already stored are left alone: they are what past assessments were scored with.
 */
export function syncQuestionnaires(ctx: Pick<Context, 'database' | 'clock'>): Promise<void> {
  let done = synced.get(ctx.database);
  if (!done) {
    done = (async () => {
      const now = ctx.clock.now().toISOString();
      for (const def of questionnaireDefinitions) {
        await insertQuestionnaireIfMissing(ctx.database.db, {
          key: def.key,
          version: def.version,
          type: def.type,
          level: def.level,
          definition: ctx.database.adapter.toJson(def),
          created_at: now,
        });
      }
    })();
    done.catch(() => synced.delete(ctx.database));
    synced.set(ctx.database, done);
  }
  return done;
}

// Stored versions are immutable, so a parsed definition can be kept for the life of the process.
const parsed = new WeakMap<Database, Map<string, QuestionnaireDefinition>>();

async function findDefinition(ctx: Context, key: string, version: number): Promise<QuestionnaireDefinition | null> {
  await syncQuestionnaires(ctx);
  let cache = parsed.get(ctx.database);
  if (!cache) {
    cache = new Map();
    parsed.set(ctx.database, cache);
  }
  const id = `${key}@${version}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const row = await selectQuestionnaire(ctx.database.db, key, version);
  if (!row) return null;
  const def = ctx.database.adapter.fromJson<QuestionnaireDefinition>(row.definition);
  cache.set(id, def);
  return def;
}

const presentQuestionnaire = (def: QuestionnaireDefinition): TQuestionnaire => ({
  key: def.key,
  version: def.version,
  type: def.type,
  level: def.level,
  orientation: def.orientation,
  title: def.title,
  source: def.source,
  dimensions: def.dimensions.map((d) => ({ id: d.id, label: d.label, weight: d.weight ?? 1 })),
  scales: def.scales.map((s) => ({ id: s.id, options: s.options.map((o) => ({ ...o })) })),
  questions: def.questions.map((q) => ({
    id: q.id,
    dimension: q.dimension,
    topic: q.topic,
    scale: q.scale,
    weight: q.weight,
    reverse: q.reverse ?? false,
    optional: q.optional ?? false,
    label: q.label,
  })),
  sustainabilityThreshold: def.type === 'reintegration' ? SUSTAINABLE_REINTEGRATION_THRESHOLD : null,
});

/** The current (newest) version of every questionnaire, with labels in Indonesian and English. */
export async function listQuestionnaires(ctx: Context): Promise<TQuestionnaire[]> {
  requireActor(ctx);
  await syncQuestionnaires(ctx);
  const rows = await selectCurrentQuestionnaires(ctx.database.db);
  return rows.map((r) => presentQuestionnaire(ctx.database.adapter.fromJson<QuestionnaireDefinition>(r.definition)));
}

/* ---------- assessments ---------- */

async function presentAssessments(ctx: Context, db: Executor, rows: AssessmentRow[]): Promise<TAssessment[]> {
  const scores = await selectScores(
    db,
    rows.map((r) => r.id),
  );
  const a = ctx.database.adapter;
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    questionnaire: r.questionnaire_key,
    version: r.questionnaire_version,
    type: r.type as TAssessment['type'],
    level: r.level as TAssessment['level'],
    kind: r.kind,
    followUpMonth: r.follow_up_month,
    takenAt: r.taken_at,
    answers: a.fromJson<Record<string, AnswerValue>>(r.answers) ?? {},
    scores: Object.fromEntries(scores.filter((s) => s.assessment_id === r.id).map((s) => [s.dimension, s.score])),
    composite: r.composite_score,
    sustainable: r.sustainable === null ? null : r.sustainable === 1,
    band: r.band as TAssessment['band'],
    notes: ctx.keyring.decryptNullable(ENC, 'notes_enc', r.id, r.notes_enc),
    recordedBy: r.recorded_by,
    createdAt: r.created_at,
  }));
}

/**
 * Records an assessment on a case: answers checked against the exact questionnaire version, scores computed
 * and stored. A baseline reintegration survey schedules its follow-ups (3, 6, 12 months after it was taken).
 */
export async function createAssessment(ctx: Context, caseId: string, input: TAssessmentCreate): Promise<TAssessment> {
  const actor = requireActor(ctx);
  const kase = await requireRecordAssessment(ctx, caseId);
  if (kase.stage === 'closed') throw new AppError('conflict', 'case_closed');

  const issues: FieldIssue[] = [];
  const def = await findDefinition(ctx, input.questionnaire, input.version);
  if (!def) {
    const current = await listQuestionnaires(ctx);
    issues.push(
      current.some((q) => q.key === input.questionnaire)
        ? { field: 'version', code: 'questionnaire_version_unknown' }
        : { field: 'questionnaire', code: 'questionnaire_unknown' },
    );
  }
  if (input.kind === 'baseline' && input.followUpMonth !== undefined) {
    issues.push({ field: 'followUpMonth', code: 'follow_up_month_baseline' });
  }
  const now = ctx.clock.now();
  const takenAt = input.takenAt ? new Date(input.takenAt).toISOString() : now.toISOString();
  if (isBeyondClockSkew(takenAt, now)) issues.push({ field: 'takenAt', code: 'in_future' });
  else if (takenAt < kase.intake_at) issues.push({ field: 'takenAt', code: 'before_intake' });
  if (def) issues.push(...validateAnswers(def, input.answers));
  if (issues.length > 0 || !def) throw new AppError('validation', 'validation', {}, issues);

  const scores = scoreAssessment(def, input.answers);
  const id = uuidv7();
  const row: AssessmentRow = {
    id,
    case_id: caseId,
    questionnaire_key: def.key,
    questionnaire_version: def.version,
    type: def.type,
    level: def.level,
    kind: input.kind,
    follow_up_month: input.followUpMonth ?? null,
    taken_at: takenAt,
    answers: ctx.database.adapter.toJson(input.answers),
    composite_score: scores.composite,
    sustainable: scores.sustainable === null ? null : scores.sustainable ? 1 : 0,
    band: scores.band,
    notes_enc: ctx.keyring.encryptNullable(ENC, 'notes_enc', id, input.notes),
    recorded_by: actor.userId,
    created_at: now.toISOString(),
  };
  const scoreRows: AssessmentScoreRow[] = Object.entries(scores.dimensions).map(([dimension, score]) => ({
    assessment_id: id,
    dimension,
    score,
  }));
  const followUps =
    def.type === 'reintegration' && input.kind === 'baseline'
      ? REINTEGRATION_FOLLOW_UP_MONTHS.map((months) => ({ months, dueAt: addMonths(takenAt, months) }))
      : [];

  return transact(ctx, async (tx) => {
    // Follow-ups go to whoever took the baseline when they work on the case (else the team picks them up).
    const assignee =
      followUps.length > 0 && (await caseTeamIds(tx, caseId)).includes(actor.userId) ? actor.userId : null;
    await insertAssessment(tx, row, scoreRows);
    await appendAudit(tx, ctx, {
      action: 'assessments.create',
      entityType: 'case',
      entityId: caseId,
      details: {
        assessmentId: id,
        questionnaire: def.key,
        version: def.version,
        kind: input.kind,
        followUpMonth: input.followUpMonth ?? null,
        followUpsScheduled: followUps.length,
      },
    });
    await recordTimeline(tx, ctx, caseId, 'assessment.recorded', {
      assessmentId: id,
      questionnaire: def.key,
      version: def.version,
      type: def.type,
      level: def.level,
      kind: input.kind,
      followUpMonth: input.followUpMonth ?? null,
      composite: scores.composite,
      sustainable: scores.sustainable,
      band: scores.band,
    });
    // A follow-up survey is what its task asked for: the task due that many months after the baseline closes.
    if (def.type === 'reintegration' && input.kind === 'follow_up' && input.followUpMonth !== undefined) {
      const baseline = (await selectAssessments(tx, caseId, { questionnaire: def.key }))
        .filter((a) => a.kind === 'baseline' && a.taken_at <= takenAt)
        .at(-1);
      if (baseline) {
        await completeDueTasks(
          tx,
          ctx,
          caseId,
          'reintegration_follow_up',
          addMonths(baseline.taken_at, input.followUpMonth),
        );
      }
    }
    for (const f of followUps) {
      await scheduleTask(tx, ctx, caseId, {
        title: translate(ctx.locale, 'task.reintegration_follow_up', { months: f.months }),
        kind: 'reintegration_follow_up',
        dueAt: f.dueAt,
        assignedUserId: assignee,
      });
    }
    return (await presentAssessments(ctx, tx, [row]))[0]!;
  });
}

const listCursor = z.tuple([z.string(), z.string()]);

/** A case's assessments, oldest first, optionally of one questionnaire. */
export async function listAssessments(ctx: Context, caseId: string, query: TAssessmentListQuery) {
  await requireReadAssessments(ctx, caseId);
  const db = ctx.database.db;
  const rows = await selectAssessments(db, caseId, {
    questionnaire: query.questionnaire,
    after: decodeCursor(query.cursor, listCursor),
    limit: query.limit + 1,
  });
  const pageRows = rows.slice(0, query.limit);
  const last = pageRows.at(-1);
  return {
    items: await presentAssessments(ctx, db, pageRows),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.taken_at, last.id]) : null,
  };
}

/**
 * The reintegration survey over time: per dimension the series of scores, and whether the latest survey says
 * the person is sustainably reintegrated (every dimension at or above IOM's threshold). A form does not make a
 * case reintegrated; follow-up scores do (DOMAIN §5).
 */
export async function reintegrationTrend(ctx: Context, caseId: string): Promise<TTrend> {
  await requireReadAssessments(ctx, caseId);
  await syncQuestionnaires(ctx);
  const db = ctx.database.db;
  const rows = await selectAssessments(db, caseId, { type: 'reintegration' });
  const scores = await selectScores(
    db,
    rows.map((r) => r.id),
  );
  const current = (await listQuestionnaires(ctx)).find((q) => q.key === REINTEGRATION_QUESTIONNAIRE);
  const dimensions = (current?.dimensions ?? []).map((d) => ({ id: d.id, label: d.label }));
  // A dimension that only an older version had still gets its series.
  for (const s of scores) {
    if (!dimensions.some((d) => d.id === s.dimension))
      dimensions.push({ id: s.dimension, label: { id: s.dimension, en: s.dimension } });
  }
  const scoreOf = (assessmentId: string, dimension: string) =>
    scores.find((s) => s.assessment_id === assessmentId && s.dimension === dimension)?.score ?? null;
  const pointOf = (r: AssessmentRow, score: number | null) => ({
    assessmentId: r.id,
    takenAt: r.taken_at,
    kind: r.kind,
    followUpMonth: r.follow_up_month,
    score,
  });
  const last = rows.at(-1);
  const latestScores = last
    ? Object.fromEntries(scores.filter((s) => s.assessment_id === last.id).map((s) => [s.dimension, s.score]))
    : {};
  return {
    questionnaire: REINTEGRATION_QUESTIONNAIRE,
    threshold: SUSTAINABLE_REINTEGRATION_THRESHOLD,
    dimensions: dimensions.map((d) => {
      const series = rows.map((r) => pointOf(r, scoreOf(r.id, d.id)));
      const known = series.filter((p) => p.score !== null);
      const first = known[0]?.score;
      const latest = known.at(-1)?.score;
      const change =
        known.length >= 2 && first != null && latest != null ? Math.round((latest - first) * 10_000) / 10_000 : null;
      return { ...d, series, change };
    }),
    composite: rows.map((r) => pointOf(r, r.composite_score)),
    latest: last
      ? {
          assessmentId: last.id,
          takenAt: last.taken_at,
          kind: last.kind,
          followUpMonth: last.follow_up_month,
          scores: latestScores,
          composite: last.composite_score,
        }
      : null,
    // Judged with today's threshold, so a changed convention applies to the latest survey at once.
    sustainablyReintegrated: last ? isSustainablyReintegrated(latestScores) : false,
  };
}

/** Encrypted columns of the assessment tables, for key rotation. */
export const assessmentEncryptedColumns = [{ table: 'assessments', idColumn: 'id', columns: ['notes_enc'] }];

/**
 * Whether the latest reintegration survey of a case is a follow-up that says sustainably reintegrated. Closing
 * a case as "reintegrated" asks this: a form alone does not make it so, and neither does a baseline — the
 * person is reintegrated when follow-up scores say so (DOMAIN.md §5, IOM Reintegration Sustainability Survey).
 */
export async function latestSurveySaysReintegrated(db: Executor, caseId: string): Promise<boolean> {
  const last = (await selectAssessments(db, caseId, { type: 'reintegration' })).at(-1);
  if (last?.kind !== 'follow_up') return false;
  const scores = await selectScores(db, [last.id]);
  return isSustainablyReintegrated(Object.fromEntries(scores.map((s) => [s.dimension, s.score])));
}
