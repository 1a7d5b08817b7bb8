import type { Permission } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { loadCase } from '../cases/index.js';

/**
 * Who may do what with assessments, as named abilities checked on the case: the team records, anyone who reads the
 * case reads. Each loads the case or answers 404; the service never spells a permission.
 */
export const assessmentPermissions = {
  read: 'cases.read',
  update: 'cases.update',
} as const satisfies Record<string, Permission>;

/** Recording an assessment (a questionnaire's answers and score): the case team; a restricted person's case is 423. */
export const requireRecordAssessment = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, assessmentPermissions.update);

/** Reading a case's assessments and their trend: whoever may read the case. */
export const requireReadAssessments = (ctx: Context, caseId: string) =>
  loadCase(ctx, caseId, assessmentPermissions.read);
