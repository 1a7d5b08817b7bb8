/** The audit events the publication module writes: what was released, never a row of it. */
export const publicationAudit = {
  ctdcExported: { action: 'publication.ctdc.export', entityType: 'publication' },
  aggregateExported: { action: 'publication.aggregate.export', entityType: 'publication' },
} as const;
