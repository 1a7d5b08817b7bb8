import type { ExpressionBuilder } from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { CaseRow } from './cases.store.js';

type ScopeTables = { cases: CaseRow; case_members: { case_id: string; user_id: string } };

/**
 * The caller's scope on `cases` as one condition (undefined for scope "all"): the lead agency; the jurisdiction
 * (its region or below, or led by the caller's agency); or the caller's own cases (a member of the team).
 * Streams that read every case of a scope (statistics, the exchange) and their counts share it.
 */
export function caseScopeCondition(scope: ScopeFilter | undefined) {
  if (!scope || scope.kind === 'all') return undefined;
  return (eb: ExpressionBuilder<ScopeTables, 'cases'>) => {
    switch (scope.kind) {
      case 'agency':
        return eb('lead_agency_id', '=', scope.agencyId);
      case 'jurisdiction':
        return eb.or([
          eb('region_code', '=', scope.regionCode),
          eb('region_code', 'like', `${scope.regionCode}.%`),
          eb('lead_agency_id', '=', scope.agencyId),
        ]);
      case 'own':
        return eb.exists(
          eb
            .selectFrom('case_members as m')
            .select('m.user_id')
            .whereRef('m.case_id', '=', 'cases.id')
            .where('m.user_id', '=', scope.userId),
        );
    }
  };
}
