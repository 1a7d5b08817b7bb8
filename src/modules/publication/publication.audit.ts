import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** The release's filters as asked (years, k, dimensions: codes and numbers only). */
const query = z.record(z.string(), z.unknown());

/** The audit events the publication module writes: what was released, never a row of it. */
export const publicationAudit = defineAuditActions({
  ctdcExported: {
    action: 'publication.ctdc.export',
    entityType: 'publication',
    // The anonymity report: k, suppressed rows, generalisation levels, information loss.
    details: z.strictObject({ query, report: z.record(z.string(), z.unknown()) }),
  },
  aggregateExported: {
    action: 'publication.aggregate.export',
    entityType: 'publication',
    details: z.strictObject({ query, scope: d.code, cells: d.count, suppressedCells: d.count }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof publicationAudit> {}
}
