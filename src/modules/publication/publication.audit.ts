import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** The anonymity report (kanon.ts): k, rows released and suppressed, generalisation levels, information loss. */
const report = z.strictObject({
  k: z.number(),
  rows: d.count,
  released: d.count,
  suppressed: d.count,
  suppressedShare: z.number(),
  achievedK: z.number().nullable(),
  classes: d.count,
  levels: z.record(z.string(), z.strictObject({ level: z.number(), max: z.number() })),
  informationLoss: z.number(),
});

/** The release's filters as asked (years, k, dimensions: codes and numbers only). */
const query = z.record(z.string(), z.unknown());

/** The audit events the publication module writes: what was released, never a row of it. */
export const publicationAudit = defineAuditActions({
  ctdcExported: {
    action: 'publication.ctdc.export',
    entityType: 'publication',
    details: z.strictObject({ query, report }),
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
