/**
 * Facts the services module publishes for the indicator engine (docs/indicators.md): statutory service
 * requests with their 7-day due time (Law 21/2007 Art. 51–53: rehabilitation, repatriation, reintegration and
 * first aid within 7 days of the application) and shelter stays with their planned exit. Ids, dates, types and
 * statuses only, never a note or a reason. Keyset pages: flat memory.
 */
import type { Executor } from '../../platform/db/index.js';
import { pagesById, tables } from '../../platform/db/index.js';
import type { ServiceRequestRow, ShelterStayRow } from './services.store.js';

export interface StatutoryServiceFact {
  id: string;
  caseId: string;
  type: string;
  status: string;
  appliedAt: string;
  dueAt: string;
  deliveredAt: string | null;
  closedAt: string | null;
  providerAgencyId: string;
}

export interface ShelterStayFact {
  id: string;
  caseId: string;
  facilityAgencyId: string;
  admittedAt: string;
  plannedExitAt: string;
  exitAt: string | null;
  extendedCount: number;
}

type T = { service_requests: ServiceRequestRow; shelter_stays: ShelterStayRow };
const t = (db: Executor) => tables<T>(db);

/** Requests that carry a statutory due time (the 7-day rule applies); others have no due_at. */
export async function* streamStatutoryServiceFacts(
  db: Executor,
  pageSize = 5000,
): AsyncGenerator<StatutoryServiceFact[]> {
  const query = t(db)
    .selectFrom('service_requests')
    .select([
      'id',
      'case_id',
      'type',
      'status',
      'applied_at',
      'due_at',
      'delivered_at',
      'closed_at',
      'provider_agency_id',
    ])
    .where('due_at', 'is not', null);
  for await (const rows of pagesById(query, pageSize))
    yield rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      type: r.type,
      status: r.status,
      appliedAt: r.applied_at,
      dueAt: r.due_at as string,
      deliveredAt: r.delivered_at,
      closedAt: r.closed_at,
      providerAgencyId: r.provider_agency_id,
    }));
}

export async function* streamShelterStayFacts(db: Executor, pageSize = 5000): AsyncGenerator<ShelterStayFact[]> {
  const query = t(db)
    .selectFrom('shelter_stays')
    .select(['id', 'case_id', 'facility_agency_id', 'admitted_at', 'planned_exit_at', 'exit_at', 'extended_count']);
  for await (const rows of pagesById(query, pageSize))
    yield rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      facilityAgencyId: r.facility_agency_id,
      admittedAt: r.admitted_at,
      plannedExitAt: r.planned_exit_at,
      exitAt: r.exit_at,
      extendedCount: r.extended_count,
    }));
}
