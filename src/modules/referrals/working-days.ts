/**
 * Response due times of referrals. A normal referral is answered within a number of working days
 * (Monday to Friday; local service-charter target, PULIH_REFERRAL_RESPONSE_WORKING_DAYS, default 3),
 * counted in the receiving agency's local time; an urgent one within 24 hours. Public holidays are not
 * known to the system and count as working days.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const URGENT_RESPONSE_MS = 24 * HOUR;

/** Indonesian time zones by province code: WIB (UTC+7), WITA (UTC+8), WIT (UTC+9). */
const witaProvinces = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const witProvinces = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97']);

/** Offset from UTC in hours of an agency's local time, from its Kemendagri region code (WIB when unknown or abroad). */
export function utcOffsetHoursForRegion(regionCode: string | null | undefined): number {
  const province = regionCode?.slice(0, 2) ?? '';
  if (witaProvinces.has(province)) return 8;
  if (witProvinces.has(province)) return 9;
  return 7;
}

const isWeekend = (local: Date) => local.getUTCDay() === 0 || local.getUTCDay() === 6;

/**
 * Adds working days to an instant, keeping the local time of day: sent on Monday 10:00, 3 working days
 * are due Thursday 10:00; sent on Friday 10:00, Wednesday 10:00. Sent on a weekend, the count starts at
 * the beginning of Monday (due Thursday 00:00, i.e. at the end of Wednesday).
 */
export function addWorkingDays(start: Date, days: number, utcOffsetHours = 7): Date {
  const offset = utcOffsetHours * HOUR;
  // "local" is the wall-clock time expressed as if it were UTC, so getUTCDay() gives the local weekday.
  let local = new Date(start.getTime() + offset);
  if (isWeekend(local)) {
    const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    const toMonday = local.getUTCDay() === 6 ? 2 : 1;
    local = new Date(midnight + toMonday * DAY);
  }
  let added = 0;
  while (added < days) {
    local = new Date(local.getTime() + DAY);
    if (!isWeekend(local)) added += 1;
  }
  return new Date(local.getTime() - offset);
}

/** When the recipient has to answer: 24 hours for urgent referrals, else the configured working days. */
export function responseDueAt(
  sentAt: Date,
  urgency: 'urgent' | 'normal',
  workingDays: number,
  recipientRegionCode: string | null,
): Date {
  if (urgency === 'urgent') return new Date(sentAt.getTime() + URGENT_RESPONSE_MS);
  return addWorkingDays(sentAt, workingDays, utcOffsetHoursForRegion(recipientRegionCode));
}
