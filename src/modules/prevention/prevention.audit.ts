/** Every audit action of the prevention module, declared once with the entity type it is recorded against. */
export const preventionAudit = {
  programmeCreate: { action: 'programmes.create', entityType: 'programme' },
  sessionCreate: { action: 'sessions.create', entityType: 'programme_session' },
  responseCreate: { action: 'surveys.responses.create', entityType: 'programme_session' },
  allocationCreate: { action: 'budgets.allocations.create', entityType: 'budget_allocation' },
  expenditureCreate: { action: 'budgets.expenditures.create', entityType: 'budget_allocation' },
} as const;
