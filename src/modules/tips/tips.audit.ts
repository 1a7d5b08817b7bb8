/** Every audit action of the tips module, declared once with the entity type it is recorded against. */
export const tipAudit = {
  submit: { action: 'tips.submit', entityType: 'tip' },
  reporterReply: { action: 'tips.reply', entityType: 'tip' },
  triage: { action: 'tips.triage', entityType: 'tip' },
  ask: { action: 'tips.ask', entityType: 'tip' },
  convertToCase: { action: 'tips.convertToCase', entityType: 'tip' },
  refer: { action: 'tips.refer', entityType: 'tip' },
  close: { action: 'tips.close', entityType: 'tip' },
  overdue: { action: 'tips.overdue', entityType: 'tip' },
  settingsUpdate: { action: 'tips.settings.update', entityType: 'tip_settings' },
} as const;
export type TipAuditKey = keyof typeof tipAudit;
