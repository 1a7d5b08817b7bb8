import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { regionWithin, requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Actor, type Context, transact } from '../../platform/context.js';
import { AppError, type FieldIssue, notFound } from '../../platform/errors.js';
import { decodeCursor, keysetPage } from '../../platform/http.js';
import { findActiveAgency } from '../agencies/index.js';
import { findRegion } from '../reference/index.js';
import { awarenessScore, currentAwareness, findAwareness } from './awareness-questionnaire.js';
import { preventionAudit } from './prevention.audit.js';
import {
  comparisonScope,
  programmeListScope,
  requireCreateProgramme,
  requireManageProgramme,
  requireReadProgramme,
} from './prevention.policy.js';
import type {
  TParticipants,
  TProgramme,
  TProgrammeCreate,
  TResponseCreate,
  TSession,
  TSessionCreate,
} from './prevention.schema.js';
import {
  aggregateScores,
  countResponses,
  insertProgramme,
  insertResponse,
  insertSession,
  type ProgrammeRow,
  responseExists,
  type SessionRow,
  selectProgramme,
  selectProgrammeRegions,
  selectProgrammes,
  selectScores,
  selectSession,
  selectSessionByCode,
  selectSessions,
} from './prevention.store.js';
import { awarenessChange, type MeanChange, momentsFromSums, welchChange } from './stats.js';

const invalid = (issues: FieldIssue[]) => new AppError('validation', 'validation', {}, issues);
const facts = (p: ProgrammeRow) => ({ id: p.id, agencyId: p.agency_id, createdBy: p.created_by });

function presentProgramme(ctx: Context, row: ProgrammeRow, regions: string[]): TProgramme {
  return {
    id: row.id,
    agencyId: row.agency_id,
    type: row.type as TProgramme['type'],
    name: row.name,
    description: row.description,
    regionCodes: regions,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    targetGroups: ctx.database.adapter.fromJson<string[]>(row.target_groups) ?? [],
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

function presentSession(ctx: Context, row: SessionRow, responses = { pre: 0, post: 0 }): TSession {
  return {
    id: row.id,
    programmeId: row.programme_id,
    heldOn: row.held_on,
    place: row.place,
    regionCode: row.region_code,
    facilitator: row.facilitator,
    participants: ctx.database.adapter.fromJson<TParticipants>(row.participants),
    participantTotal: row.participant_total,
    materials: ctx.database.adapter.fromJson<string[]>(row.materials) ?? [],
    surveyCode: row.survey_code,
    responses,
    createdAt: row.created_at,
  };
}

/** Loads a programme the caller may read; 404 like a missing one otherwise. */
export async function loadProgramme(ctx: Context, id: string): Promise<ProgrammeRow> {
  const row = await selectProgramme(ctx.database.db, id);
  if (!row) throw notFound();
  await requireReadProgramme(ctx, facts(row));
  return row;
}

export async function createProgramme(ctx: Context, input: TProgrammeCreate): Promise<TProgramme> {
  const actor = requireActor(ctx);
  const agencyId = input.agencyId ?? actor.agencyId;
  await requireCreateProgramme(ctx, agencyId);
  const issues: FieldIssue[] = [];
  if (!(await findActiveAgency(ctx, agencyId))) issues.push({ field: 'agencyId', code: 'agency_not_active' });
  const regions = [...new Set(input.regionCodes)];
  for (const [i, code] of regions.entries())
    if (!(await findRegion(code))) issues.push({ field: `regionCodes.${i}`, code: 'region_unknown' });
  if (input.endsOn < input.startsOn) issues.push({ field: 'endsOn', code: 'date_order' });
  if (issues.length > 0) throw invalid(issues);
  const id = uuidv7();
  const row: ProgrammeRow = {
    id,
    agency_id: agencyId,
    type: input.type,
    name: input.name,
    description: input.description ?? null,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    target_groups: ctx.database.adapter.toJson([...new Set(input.targetGroups)]),
    created_by: actor.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  await transact(ctx, async (tx) => {
    await insertProgramme(tx, row, regions);
    await appendAudit(tx, ctx, {
      ...preventionAudit.programmeCreate,
      entityId: id,
      details: { agencyId, type: input.type, regions },
    });
  });
  return presentProgramme(ctx, row, regions);
}

const listCursor = z.tuple([z.string()]);

export async function listProgrammes(
  ctx: Context,
  q: { type?: string; year?: number; limit: number; cursor?: string },
): Promise<{ items: TProgramme[]; nextCursor: string | null }> {
  const scope = await programmeListScope(ctx);
  const rows = await selectProgrammes(ctx.database.db, {
    scope,
    type: q.type,
    year: q.year,
    before: decodeCursor(q.cursor, listCursor)?.[0],
    limit: q.limit + 1,
  });
  const page = keysetPage(rows, q.limit, (r) => [r.id]);
  const regions = await selectProgrammeRegions(
    ctx.database.db,
    page.rows.map((r) => r.id),
  );
  return {
    items: page.rows.map((r) => presentProgramme(ctx, r, regions.get(r.id) ?? [])),
    nextCursor: page.nextCursor,
  };
}

export async function getProgramme(ctx: Context, id: string) {
  const row = await loadProgramme(ctx, id);
  const db = ctx.database.db;
  const [regions, sessions] = await Promise.all([selectProgrammeRegions(db, [id]), selectSessions(db, id)]);
  const counts = await countResponses(
    db,
    sessions.map((s) => s.id),
  );
  const presented = sessions.map((s) => presentSession(ctx, s, counts.get(s.id)));
  const bySex = { female: 0, male: 0 };
  for (const s of presented) {
    for (const sex of ['female', 'male'] as const)
      bySex[sex] += Object.values(s.participants[sex]).reduce((a, b) => a + b, 0);
  }
  return {
    ...presentProgramme(ctx, row, regions.get(id) ?? []),
    sessions: presented,
    participantTotal: presented.reduce((a, s) => a + s.participantTotal, 0),
    participantsBySex: bySex,
  };
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
function newSurveyCode(): string {
  let code = '';
  for (const b of randomBytes(8)) code += CODE_ALPHABET[b & 31];
  return code;
}

export async function createSession(ctx: Context, programmeId: string, input: TSessionCreate): Promise<TSession> {
  const actor = requireActor(ctx);
  const programme = await selectProgramme(ctx.database.db, programmeId);
  if (!programme) throw notFound();
  await requireManageProgramme(ctx, facts(programme));
  const issues: FieldIssue[] = [];
  const regions = (await selectProgrammeRegions(ctx.database.db, [programmeId])).get(programmeId) ?? [];
  if (!(await findRegion(input.regionCode))) issues.push({ field: 'regionCode', code: 'region_unknown' });
  else if (!regions.some((r) => regionWithin(input.regionCode, r)))
    issues.push({ field: 'regionCode', code: 'region_outside_programme' });
  if (input.heldOn < programme.starts_on || input.heldOn > programme.ends_on)
    issues.push({ field: 'heldOn', code: 'outside_programme_period' });
  if (issues.length > 0) throw invalid(issues);
  const total = (['female', 'male'] as const).reduce(
    (sum, sex) => sum + Object.values(input.participants[sex]).reduce((a, b) => a + b, 0),
    0,
  );
  const id = uuidv7();
  const row: SessionRow = {
    id,
    programme_id: programmeId,
    held_on: input.heldOn,
    place: input.place,
    region_code: input.regionCode,
    facilitator: input.facilitator,
    participants: ctx.database.adapter.toJson(input.participants),
    participant_total: total,
    materials: ctx.database.adapter.toJson(input.materials),
    survey_code: newSurveyCode(),
    created_by: actor.userId,
    created_at: ctx.clock.now().toISOString(),
  };
  await transact(ctx, async (tx) => {
    await insertSession(tx, row);
    await appendAudit(tx, ctx, {
      ...preventionAudit.sessionCreate,
      entityId: id,
      details: { programmeId, heldOn: input.heldOn, regionCode: input.regionCode, participants: total },
    });
  });
  return presentSession(ctx, row);
}

/* ---------- survey responses ---------- */

/** Anonymous phone answers are recorded as this actor: no user, no address (participants stay unknown). */
const surveyActor: Actor = {
  userId: 'survey',
  username: 'survey',
  agencyId: '',
  agencyRegionCode: null,
  roles: [],
  permissions: new Map(),
  aggregateOnly: false,
  sessionIdHash: null,
};

async function recordResponse(
  ctx: Context,
  session: SessionRow,
  input: TResponseCreate,
  source: 'paper' | 'phone',
): Promise<{ id: string; score: number; phase: 'pre' | 'post' }> {
  const q = findAwareness(input.questionnaire, input.version);
  if (!q) throw invalid([{ field: 'version', code: 'questionnaire_version_unknown' }]);
  const issues: FieldIssue[] = [];
  const valid = new Set(q.questions.map((x) => x.id));
  for (const key of Object.keys(input.answers))
    if (!valid.has(key)) issues.push({ field: `answers.${key}`, code: 'question_unknown' });
  for (const item of q.questions)
    if (!input.answers[item.id]) issues.push({ field: `answers.${item.id}`, code: 'required' });
  if (issues.length > 0) throw invalid(issues);
  if (input.participantCode && (await responseExists(ctx.database.db, session.id, input.phase, input.participantCode)))
    throw new AppError('conflict', 'survey_response_exists');
  const score = awarenessScore(q, input.answers);
  const id = uuidv7();
  try {
    await transact(ctx, async (tx) => {
      await insertResponse(tx, {
        id,
        session_id: session.id,
        programme_id: session.programme_id,
        phase: input.phase,
        participant_code: input.participantCode ?? null,
        questionnaire_key: q.key,
        questionnaire_version: q.version,
        answers: ctx.database.adapter.toJson(input.answers),
        score,
        source,
        created_by: source === 'paper' ? (ctx.actor?.userId ?? null) : null,
        created_at: ctx.clock.now().toISOString(),
      });
      await appendAudit(tx, ctx, {
        ...preventionAudit.responseCreate,
        entityId: session.id,
        details: { responseId: id, phase: input.phase, source },
      });
    });
  } catch (error) {
    // Two submissions of the same participant code and phase at once: the unique index decides.
    if (/unique|duplicate/i.test(error instanceof Error ? error.message : ''))
      throw new AppError('conflict', 'survey_response_exists');
    throw error;
  }
  return { id, score, phase: input.phase };
}

/** A paper form typed in by staff. */
export async function createResponse(ctx: Context, sessionId: string, input: TResponseCreate) {
  const session = await selectSession(ctx.database.db, sessionId);
  if (!session) throw notFound();
  const programme = await selectProgramme(ctx.database.db, session.programme_id);
  if (!programme) throw notFound();
  await requireManageProgramme(ctx, facts(programme));
  return recordResponse(ctx, session, input, 'paper');
}

/** The survey behind a session's short link: the programme's name and date and the questions, nothing else. */
export async function publicSurvey(ctx: Context, code: string) {
  const session = await selectSessionByCode(ctx.database.db, code);
  if (!session) throw new AppError('not_found', 'survey_code_unknown');
  const programme = await selectProgramme(ctx.database.db, session.programme_id);
  const q = currentAwareness;
  return {
    programmeName: programme?.name ?? '',
    heldOn: session.held_on,
    questionnaire: {
      key: q.key,
      version: q.version,
      title: q.title,
      options: q.options.map((o) => ({ value: o.value, label: o.label })),
      questions: q.questions.map((x) => ({ id: x.id, statement: x.statement })),
    },
  };
}

/** A participant answers on their own phone through the short link: no login, no identity, no address kept. */
export async function submitPublicResponse(ctx: Context, code: string, input: TResponseCreate) {
  const session = await selectSessionByCode(ctx.database.db, code);
  if (!session) throw new AppError('not_found', 'survey_code_unknown');
  return recordResponse({ ...ctx, actor: surveyActor, ip: null }, session, input, 'phone');
}

/* ---------- results ---------- */

/** Awareness change per session and for the programme, with 95 % intervals; per participant for one session. */
export async function surveyResults(ctx: Context, programmeId: string, sessionId?: string) {
  await loadProgramme(ctx, programmeId);
  const q = currentAwareness;
  const db = ctx.database.db;
  const sessions = await selectSessions(db, programmeId);
  if (sessionId && !sessions.some((s) => s.id === sessionId)) throw notFound();
  const scores = await selectScores(db, programmeId, q.key, q.version);
  type R = { code: string | null; score: number };
  const bySession = new Map<string, { pre: R[]; post: R[] }>();
  for (const s of scores) {
    const entry = bySession.get(s.session_id) ?? { pre: [], post: [] };
    // Codes pair only within a session: the same code in two sessions is two people.
    entry[s.phase].push({ code: s.participant_code ? `${s.session_id}:${s.participant_code}` : null, score: s.score });
    bySession.set(s.session_id, entry);
  }
  const all = { pre: [] as R[], post: [] as R[] };
  for (const e of bySession.values()) {
    all.pre.push(...e.pre);
    all.post.push(...e.post);
  }
  let participants: { code: string; before: number | null; after: number | null }[] | null = null;
  if (sessionId) {
    const e = bySession.get(sessionId) ?? { pre: [], post: [] };
    const map = new Map<string, { before: number | null; after: number | null }>();
    for (const r of e.pre) if (r.code) map.set(r.code, { before: r.score, after: null });
    for (const r of e.post) if (r.code) map.set(r.code, { before: map.get(r.code)?.before ?? null, after: r.score });
    participants = [...map.entries()]
      .map(([code, v]) => ({ code: code.slice(code.indexOf(':') + 1), ...v }))
      .sort((a, b) => a.code.localeCompare(b.code));
  }
  return {
    programmeId,
    questionnaire: { key: q.key, version: q.version },
    programme: awarenessChange(all.pre, all.post),
    sessions: sessions
      .filter((s) => !sessionId || s.id === sessionId)
      .map((s) => {
        const e = bySession.get(s.id) ?? { pre: [], post: [] };
        return {
          sessionId: s.id,
          heldOn: s.held_on,
          place: s.place,
          regionCode: s.region_code,
          change: awarenessChange(e.pre, e.post),
        };
      }),
    participants,
  };
}

/** Awareness change across provinces or programme types (Welch from SQL aggregates: pairs do not cross groups). */
export async function compareAwareness(ctx: Context, q: { by: 'region' | 'type'; year?: number }) {
  const scope = await comparisonScope(ctx);
  const rows = await aggregateScores(ctx.database.db, {
    by: q.by,
    scope,
    year: q.year,
    key: currentAwareness.key,
    version: currentAwareness.version,
  });
  const groups = new Map<string, { pre?: (typeof rows)[number]; post?: (typeof rows)[number] }>();
  for (const r of rows) groups.set(r.key, { ...groups.get(r.key), [r.phase]: r });
  const empty = { n: 0, sum: 0, sumsq: 0 };
  return {
    by: q.by,
    groups: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, g]) => {
        const pre = g.pre ?? empty;
        const post = g.post ?? empty;
        const change: MeanChange = welchChange(
          momentsFromSums(pre.n, pre.sum, pre.sumsq),
          momentsFromSums(post.n, post.sum, post.sumsq),
        );
        return { key, change };
      }),
  };
}

/** Mean awareness change of a programme (for budgets). */
export async function programmeAwarenessChange(ctx: Context, programmeId: string) {
  const q = currentAwareness;
  const scores = await selectScores(ctx.database.db, programmeId, q.key, q.version);
  const pre = scores
    .filter((s) => s.phase === 'pre')
    .map((s) => ({ code: s.participant_code ? `${s.session_id}:${s.participant_code}` : null, score: s.score }));
  const post = scores
    .filter((s) => s.phase === 'post')
    .map((s) => ({ code: s.participant_code ? `${s.session_id}:${s.participant_code}` : null, score: s.score }));
  return { change: awarenessChange(pre, post), surveyedAfter: post.length };
}
