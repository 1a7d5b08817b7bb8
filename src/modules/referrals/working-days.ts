/**
 * Response due times of referrals. A normal referral is answered within a number of working days (local
 * service-charter target, DOMAIN.md §2: PULIH_REFERRAL_RESPONSE_WORKING_DAYS, default 3), counted in the
 * receiving agency's local time; an urgent one within 24 hours. A working day is Monday to Friday that is
 * neither a national public holiday nor a collective leave day (cuti bersama) of the SKB 3 Menteri
 * (reference/holidays.ts).
 */

import {
  DAY_MS as DAY,
  dateInZone,
  HOUR_MS as HOUR,
  startOfDayInZone,
  utcOffsetHoursForRegion,
  weekdayOf,
  zoneOfOffset,
} from '../../platform/time.js';

export { utcOffsetHoursForRegion };
export const URGENT_RESPONSE_MS = 24 * HOUR;

/** Whether a local calendar date (YYYY-MM-DD) is a holiday; none by default. */
export type IsHoliday = (date: string) => boolean;
const noHolidays: IsHoliday = () => false;

/**
 * Adds working days to an instant, keeping the local time of day: sent on Monday 10:00, 3 working days
 * are due Thursday 10:00; sent on Friday 10:00, Wednesday 10:00. Sent on a day off (weekend or holiday),
 * the count starts at the beginning of the next working day (3 days from a Saturday: due Thursday 00:00,
 * i.e. at the end of Wednesday). Days off inside the span are skipped.
 */
export function addWorkingDays(start: Date, days: number, utcOffsetHours = 7, isHoliday: IsHoliday = noHolidays): Date {
  // The local calendar (platform/time.ts); no zone has daylight saving, so a day is always 24 hours.
  const zone = zoneOfOffset(utcOffsetHours);
  const dayOff = (at: number) => {
    const date = dateInZone(at, zone);
    const weekday = weekdayOf(date);
    return weekday === 0 || weekday === 6 || isHoliday(date);
  };
  let at = start.getTime();
  if (dayOff(at)) {
    let midnight = startOfDayInZone(dateInZone(at, zone), zone);
    do midnight += DAY;
    while (dayOff(midnight));
    // Counting from the start of the next working day: that day is the "day zero" of the count.
    at = midnight;
  }
  let added = 0;
  while (added < days) {
    at += DAY;
    if (!dayOff(at)) added += 1;
  }
  return new Date(at);
}

/** When the recipient has to answer: 24 hours for urgent referrals, else the configured working days. */
export function responseDueAt(
  sentAt: Date,
  urgency: 'urgent' | 'normal',
  workingDays: number,
  recipientRegionCode: string | null,
  isHoliday: IsHoliday = noHolidays,
): Date {
  if (urgency === 'urgent') return new Date(sentAt.getTime() + URGENT_RESPONSE_MS);
  return addWorkingDays(sentAt, workingDays, utcOffsetHoursForRegion(recipientRegionCode), isHoliday);
}
