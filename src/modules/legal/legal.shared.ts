import type { Context } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';
import { DAY_MS, latestDateInIndonesia } from '../../platform/time.js';

export { DAY_MS, endOfDayWib as endOfDay } from '../../platform/time.js';

/** The latest calendar date anywhere in Indonesia now (a date after it lies in the future everywhere). */
export const todayInIndonesia = (ctx: Context) => latestDateInIndonesia(ctx.clock.now());
export const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export const fail = (issues: FieldIssue[]) => {
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
};

/** Action keys of the module's alerts: the action that answers an alert resolves it for every recipient. */
export const legalActionKey = {
  restitution: (claimId: string) => `legal.restitution:${claimId}`,
  protection: (measureId: string) => `legal.protection:${measureId}`,
  informed: (proceedingId: string, caseId: string) => `legal.informed:${proceedingId}:${caseId}`,
};
