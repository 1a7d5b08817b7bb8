/**
 * Facts the cases module publishes for statistics and releases: one record per victim case, without
 * identity (no name, number, region below the province, or free text). Read in keyset pages, so a
 * caller streams a million cases at flat memory.
 */
import type { ScopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import { reportingInstants, reportingYear } from '../../platform/time.js';
import { personsByIds } from '../persons/index.js';
import { caseScopeCondition } from './cases.scope.js';
import type { CaseAttributeRow, CaseRow } from './cases.store.js';

/** One victim case as statistics may see it. */
export interface CaseFact {
  caseId: string;
  leadAgencyId: string;
  /** Year the case was registered (intake). */
  registeredYear: number;
  /** Age when trafficked if recorded, else the age at intake from the birth year or estimate; null when unknown. */
  age: number | null;
  sex: string | null;
  citizenship: string | null;
  exploitationCountry: string | null;
  /** Province (two-digit Kemendagri code) of the case. */
  province: string | null;
  traffickingStatus: string;
  relationshipToTrafficker: string | null;
  exploitationTypes: string[];
  methodsOfControl: string[];
}

export interface CaseFactFilter {
  /** First and last registration year, inclusive. */
  fromYear?: number;
  toYear?: number;
  /** Only the cases in this scope (a supervisor's agency, an analyst's jurisdiction); all when absent. */
  scope?: ScopeFilter;
}

type FactTables = {
  cases: CaseRow;
  case_attributes: CaseAttributeRow;
  case_members: { case_id: string; user_id: string };
};
const t = (db: Executor) => tables<FactTables>(db);

/** HTCDS statuses of a victim: identified, or presumed ("terduga") pending a decision. */
const victimStatuses = ['ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking'];

/**
 * Every victim case in registration-year range, in pages of `pageSize` (keyset over the case id).
 * Attributes and persons are read per page, so memory stays flat whatever the table's size.
 */
export async function* streamCaseFacts(
  ctx: Context,
  filter: CaseFactFilter = {},
  pageSize = 5000,
): AsyncGenerator<CaseFact[]> {
  const db = ctx.database.db;
  let after = '';
  for (;;) {
    // Other requests get a turn between pages (SQLite's driver runs on the event loop).
    if (after !== '') await ctx.database.adapter.betweenPages();
    let q = t(db)
      .selectFrom('cases')
      .select([
        'id',
        'lead_agency_id',
        'person_id',
        'intake_at',
        'age_when_trafficked',
        'exploitation_country',
        'region_code',
        'trafficking_status',
        'relationship_to_trafficker',
      ])
      .where('id', '>', after)
      .where('trafficking_status', 'in', victimStatuses)
      .orderBy('id')
      .limit(pageSize);
    const scope = caseScopeCondition(filter.scope);
    if (scope) q = q.where(scope);
    // Years of registration in the reporting zone (platform/time.ts): 2026 begins 1 January 00:00 WIB.
    const years = reportingInstants({ fromYear: filter.fromYear, toYear: filter.toYear });
    if (years.from !== undefined) q = q.where('intake_at', '>=', years.from);
    if (years.until !== undefined) q = q.where('intake_at', '<', years.until);
    const rows = await q.execute();
    const last = rows.at(-1);
    if (!last) return;
    const ids = rows.map((r) => r.id);
    const attributes = await t(db)
      .selectFrom('case_attributes')
      .select(['case_id', 'attribute', 'value'])
      .where('case_id', 'in', ids)
      .where('attribute', 'in', ['vic_TypeOfExploitation', 'vic_MethodsOfControl'])
      .execute();
    const byCase = new Map<string, { exploitationTypes: string[]; methodsOfControl: string[] }>();
    for (const a of attributes) {
      let entry = byCase.get(a.case_id);
      if (!entry) {
        entry = { exploitationTypes: [], methodsOfControl: [] };
        byCase.set(a.case_id, entry);
      }
      // Rows carry the HTCDS field names (cases.schema.ts maps the API's names onto them).
      (a.attribute === 'vic_TypeOfExploitation' ? entry.exploitationTypes : entry.methodsOfControl).push(a.value);
    }
    const persons = await personsByIds(
      ctx,
      rows.map((r) => r.person_id),
    );
    yield rows.map((r) => {
      const registeredYear = reportingYear(r.intake_at);
      const person = persons.get(r.person_id);
      const ageAtIntake =
        person?.birthYear != null
          ? registeredYear - person.birthYear
          : person?.ageEstimated != null
            ? person.ageEstimated
            : null;
      const attrs = byCase.get(r.id);
      return {
        caseId: r.id,
        leadAgencyId: r.lead_agency_id,
        registeredYear,
        age: r.age_when_trafficked ?? ageAtIntake,
        sex: person?.sex ?? null,
        citizenship: person?.citizenship ?? null,
        exploitationCountry: r.exploitation_country,
        province: r.region_code ? r.region_code.slice(0, 2) : null,
        traffickingStatus: r.trafficking_status ?? 'PossibleVictimOfTrafficking',
        relationshipToTrafficker: r.relationship_to_trafficker,
        exploitationTypes: (attrs?.exploitationTypes ?? []).sort(),
        methodsOfControl: (attrs?.methodsOfControl ?? []).sort(),
      };
    });
    if (rows.length < pageSize) return;
    after = last.id;
  }
}
