/** The audit events the indicator engine writes: a drill-down lists case numbers, so each one is recorded. */
export const indicatorsAudit = {
  drilldown: { action: 'indicators.drilldown', entityType: 'indicator' },
} as const;
