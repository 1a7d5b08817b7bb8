/**
 * Facts the cases module publishes for the indicator engine (issue 14, docs/indicators.md): every case with
 * its dates, stage, outcome and the dimensions an indicator may be broken down by — never a name, number,
 * pseudonym or free text. The person behind a case is named only by her record id, which the engine turns
 * into a linkage key through the persons module (unique victims across agencies). Keyset pages: flat memory.
 */
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { pagesById, tables } from '../../platform/db/index.js';
import { reportingYear } from '../../platform/time.js';
import { personsByIds } from '../persons/index.js';
import type { CaseAttributeRow, CaseRow } from './cases.store.js';

export interface CaseEvaluationFact {
  caseId: string;
  personId: string;
  leadAgencyId: string;
  /** Kemendagri code of the case's region (province, regency or deeper). */
  regionCode: string | null;
  intakeAt: string;
  /** When the trafficking status was decided (identification), if it was. */
  statusDecidedAt: string | null;
  closedAt: string | null;
  closureReason: string | null;
  stage: string;
  traffickingStatus: string | null;
  /** Law 21/2007 Art. 1(5): the case's child status as the cases module keeps it. */
  isChild: boolean;
  /** Age when trafficked if recorded, else age at intake from the birth year or the estimate; null if unknown. */
  age: number | null;
  sex: string | null;
  /** The person's citizenship as the persons module keeps it: ISO 3166-1 alpha-2, null if unknown. */
  citizenship: string | null;
  exploitationTypes: string[];
}

type T = { cases: CaseRow; case_attributes: CaseAttributeRow };
const t = (db: Executor) => tables<T>(db);

export async function* streamCaseEvaluationFacts(ctx: Context, pageSize = 5000): AsyncGenerator<CaseEvaluationFact[]> {
  const db = ctx.database.db;
  const query = t(db)
    .selectFrom('cases')
    .select([
      'id',
      'person_id',
      'lead_agency_id',
      'region_code',
      'intake_at',
      'status_decided_at',
      'closed_at',
      'closure_reason',
      'stage',
      'trafficking_status',
      'is_child',
      'age_when_trafficked',
    ]);
  for await (const rows of pagesById(query, pageSize)) {
    const ids = rows.map((r) => r.id);
    const attributes = await t(db)
      .selectFrom('case_attributes')
      .select(['case_id', 'value'])
      .where('case_id', 'in', ids)
      .where('attribute', '=', 'vic_TypeOfExploitation')
      .execute();
    const types = new Map<string, string[]>();
    for (const a of attributes) types.set(a.case_id, [...(types.get(a.case_id) ?? []), a.value]);
    const persons = await personsByIds(
      ctx,
      rows.map((r) => r.person_id),
    );
    yield rows.map((r) => {
      const person = persons.get(r.person_id);
      const year = reportingYear(r.intake_at);
      const ageAtIntake =
        person?.birthYear != null ? year - person.birthYear : person?.ageEstimated != null ? person.ageEstimated : null;
      return {
        caseId: r.id,
        personId: r.person_id,
        leadAgencyId: r.lead_agency_id,
        regionCode: r.region_code,
        intakeAt: r.intake_at,
        statusDecidedAt: r.status_decided_at,
        closedAt: r.closed_at,
        closureReason: r.closure_reason,
        stage: r.stage,
        traffickingStatus: r.trafficking_status,
        isChild: r.is_child === 1,
        age: r.age_when_trafficked ?? ageAtIntake,
        sex: person?.sex ?? null,
        citizenship: person?.citizenship ?? null,
        exploitationTypes: (types.get(r.id) ?? []).sort(),
      };
    });
  }
}
