/** The audit events of the reports module: what was asked and what left (never a figure of a person). */
export const reportsAudit = {
  generate: { action: 'reports.generate', entityType: 'evaluation_report' },
  download: { action: 'reports.download', entityType: 'evaluation_report' },
} as const;
