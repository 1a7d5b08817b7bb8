import { z } from 'zod';
import { auditWriter } from '../../platform/audit.js';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

/** Audit actions of the exchange module (HTCDS bulk exchange, signed referral packages), declared once with the entity they are about. */
export const exchangeAuditActions = defineAuditActions({
  htcdsExport: {
    action: 'exchange.htcds.export',
    entityType: 'htcds_export',
    details: z.strictObject({
      format: d.code,
      from: d.time.nullable(),
      to: d.time.nullable(),
      agencyId: d.id.nullable(),
      regionCode: d.code.nullable(),
      purposes: d.codes,
      includeIdentity: z.boolean(),
      candidates: d.count,
      serviceAccountId: d.id.nullable(),
    }),
  },
  htcdsImport: {
    action: 'exchange.htcds.import',
    entityType: 'htcds_import',
    details: z.strictObject({
      format: d.code,
      phase: z.enum(['started', 'failed', 'done']),
      serviceAccountId: d.id.nullable().optional(),
      rowsRead: d.count.optional(),
      rowsQueued: d.count.optional(),
      rowsDuplicate: d.count.optional(),
      rowsInvalid: d.count.optional(),
    }),
  },
  htcdsImportReport: { action: 'exchange.htcds.importReport', entityType: 'htcds_import', details: d.none },
  htcdsAccept: {
    action: 'exchange.htcds.records.accept',
    entityType: 'htcds_import_record',
    details: z.strictObject({ importId: d.id, row: z.number().int(), caseId: d.id }),
  },
  htcdsReject: {
    action: 'exchange.htcds.records.reject',
    entityType: 'htcds_import_record',
    details: z.strictObject({ importId: d.id, row: z.number().int(), reason: d.code }),
  },
  packageExport: {
    action: 'exchange.referralPackage.export',
    entityType: 'referral',
    details: z.strictObject({ packageId: d.id, fields: d.fields }),
  },
  packageImport: {
    action: 'exchange.referralPackage.import',
    entityType: 'incoming_package',
    // Denied (a signature that does not verify) carries the reason and no entity.
    details: z.union([
      z.strictObject({ packageId: d.id, signer: z.string() }),
      z.strictObject({ reason: z.literal('bad_signature'), signer: z.string() }),
    ]),
  },
  trustedSignerAdd: {
    action: 'exchange.trustedSigners.add',
    entityType: 'trusted_signer',
    details: z.strictObject({ instanceName: z.string() }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof exchangeAuditActions> {}
}
export type ExchangeAuditAction = keyof typeof exchangeAuditActions;

/** Appends one of these events (details: ids, codes, counts and filters only, never personal data). */
export const audit = auditWriter(exchangeAuditActions);
