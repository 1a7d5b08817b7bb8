import type { Context } from '../../platform/context.js';
import { AppError, type FieldIssue } from '../../platform/errors.js';

export const DAY_MS = 86_400_000;
/** Indonesia's easternmost zone (WIT, UTC+9): "today" there is the latest calendar date anywhere in Indonesia. */
const WIT_OFFSET_MS = 9 * 3_600_000;

/** The latest calendar date anywhere in Indonesia now (a date after it lies in the future everywhere). */
export const todayInIndonesia = (ctx: Context) =>
  new Date(ctx.clock.now().getTime() + WIT_OFFSET_MS).toISOString().slice(0, 10);
/** A date's end in WIB (UTC+7): a due date passes when that day has ended across western Indonesia. */
export const endOfDay = (date: string) => new Date(Date.parse(`${date}T00:00:00+07:00`) + DAY_MS).toISOString();
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
