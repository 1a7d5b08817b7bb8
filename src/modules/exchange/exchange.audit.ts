import { appendAudit } from '../../platform/audit.js';
import type { Context, Tx } from '../../platform/context.js';

/** Audit actions of the HTCDS bulk exchange, declared once with the entity they are about. */
export const exchangeAuditActions = {
  htcdsExport: { action: 'exchange.htcds.export', entityType: 'htcds_export' },
  htcdsImport: { action: 'exchange.htcds.import', entityType: 'htcds_import' },
  htcdsImportReport: { action: 'exchange.htcds.importReport', entityType: 'htcds_import' },
  htcdsAccept: { action: 'exchange.htcds.records.accept', entityType: 'htcds_import_record' },
  htcdsReject: { action: 'exchange.htcds.records.reject', entityType: 'htcds_import_record' },
} as const;
export type ExchangeAuditAction = keyof typeof exchangeAuditActions;

/** Appends one of these events (details: ids, codes, counts and filters only, never personal data). */
export function audit(
  tx: Tx,
  ctx: Context,
  action: ExchangeAuditAction,
  entityId: string,
  details: Record<string, unknown>,
) {
  const a = exchangeAuditActions[action];
  return appendAudit(tx, ctx, { action: a.action, entityType: a.entityType, entityId, details });
}
