import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';

export interface QuestionnaireRow {
  key: string;
  version: number;
  type: string;
  level: string;
  definition: unknown;
  created_at: string;
}
export interface AssessmentRow {
  id: string;
  case_id: string;
  questionnaire_key: string;
  questionnaire_version: number;
  type: string;
  level: string;
  kind: 'baseline' | 'follow_up';
  follow_up_month: number | null;
  taken_at: string;
  answers: unknown;
  composite_score: number | null;
  sustainable: number | null;
  band: string | null;
  notes_enc: string | null;
  recorded_by: string;
  created_at: string;
}
export interface AssessmentScoreRow {
  assessment_id: string;
  dimension: string;
  score: number | null;
}
type AssessmentTables = {
  assessment_questionnaires: QuestionnaireRow;
  assessments: AssessmentRow;
  assessment_scores: AssessmentScoreRow;
};
const t = (db: Executor) => tables<AssessmentTables>(db);

/** Stores a questionnaire version unless it is already there (stored versions never change). */
export async function insertQuestionnaireIfMissing(db: Executor, row: QuestionnaireRow) {
  await t(db)
    .insertInto('assessment_questionnaires')
    .values(row)
    .onConflict((oc) => oc.columns(['key', 'version']).doNothing())
    .execute();
}
export async function selectQuestionnaire(db: Executor, key: string, version: number) {
  return t(db)
    .selectFrom('assessment_questionnaires')
    .selectAll()
    .where('key', '=', key)
    .where('version', '=', version)
    .executeTakeFirst();
}
/** The newest version of every questionnaire. */
export async function selectCurrentQuestionnaires(db: Executor) {
  return t(db)
    .selectFrom('assessment_questionnaires as q')
    .selectAll('q')
    .where(({ eb, selectFrom }) =>
      eb(
        'q.version',
        '=',
        selectFrom('assessment_questionnaires as n')
          .select((e) => e.fn.max('n.version').as('v'))
          .whereRef('n.key', '=', 'q.key'),
      ),
    )
    .orderBy('q.type')
    .orderBy('q.key')
    .execute();
}

export async function insertAssessment(db: Executor, row: AssessmentRow, scores: AssessmentScoreRow[]) {
  await t(db).insertInto('assessments').values(row).execute();
  if (scores.length > 0) await t(db).insertInto('assessment_scores').values(scores).execute();
}

/** A case's assessments, oldest first (taken_at, then id), after a keyset position. */
export async function selectAssessments(
  db: Executor,
  caseId: string,
  options: { questionnaire?: string; type?: string; after?: [string, string]; limit?: number },
) {
  let q = t(db).selectFrom('assessments').selectAll().where('case_id', '=', caseId);
  if (options.questionnaire) q = q.where('questionnaire_key', '=', options.questionnaire);
  if (options.type) q = q.where('type', '=', options.type);
  if (options.after) {
    const [takenAt, id] = options.after;
    q = q.where((eb) =>
      eb.or([eb('taken_at', '>', takenAt), eb.and([eb('taken_at', '=', takenAt), eb('id', '>', id)])]),
    );
  }
  q = q.orderBy('taken_at').orderBy('id');
  if (options.limit) q = q.limit(options.limit);
  return q.execute();
}

export async function selectScores(db: Executor, assessmentIds: string[]) {
  if (assessmentIds.length === 0) return [];
  return t(db).selectFrom('assessment_scores').selectAll().where('assessment_id', 'in', assessmentIds).execute();
}
