/**
 * Facts the assessments module publishes for the indicator engine (docs/indicators.md): the reintegration
 * sustainability surveys (IOM's RSS: baseline and follow-ups at 3, 6, 12 months) with their composite score and
 * whether it reaches the sustainability threshold. Scores only, never an answer or a note. Keyset pages.
 */
import type { Executor } from '../../platform/db/index.js';
import { pagesById, tables } from '../../platform/db/index.js';
import type { AssessmentRow } from './assessments.store.js';
import { REINTEGRATION_QUESTIONNAIRE } from './questionnaires/index.js';

export interface ReintegrationSurveyFact {
  id: string;
  caseId: string;
  kind: 'baseline' | 'follow_up';
  followUpMonth: number | null;
  takenAt: string;
  compositeScore: number | null;
  sustainable: boolean | null;
}

const t = (db: Executor) => tables<{ assessments: AssessmentRow }>(db);

export async function* streamReintegrationFacts(
  db: Executor,
  pageSize = 5000,
): AsyncGenerator<ReintegrationSurveyFact[]> {
  const query = t(db)
    .selectFrom('assessments')
    .select(['id', 'case_id', 'kind', 'follow_up_month', 'taken_at', 'composite_score', 'sustainable'])
    .where('questionnaire_key', '=', REINTEGRATION_QUESTIONNAIRE);
  for await (const rows of pagesById(query, pageSize))
    yield rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      kind: r.kind as 'baseline' | 'follow_up',
      followUpMonth: r.follow_up_month,
      takenAt: r.taken_at,
      compositeScore: r.composite_score === null ? null : Number(r.composite_score),
      sustainable: r.sustainable === null ? null : r.sustainable === 1,
    }));
}
