/**
 * Indonesian time, written once: the three zones (Keppres 41/1987: WIB UTC+7, WITA UTC+8,
 * WIT UTC+9), which zone an agency's region lies in, the calendar-date boundaries the modules judge deadlines and
 * "not in the future" by, and the clock skew allowed between a device in the field and the server.
 */

import { type IndonesianZone, indonesianZones } from '../contract/time.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The zones by their Indonesian names (offset from UTC, IANA zone for Intl formatting): src/contract/time.ts. */
export { type IndonesianZone, indonesianZones };

/** Provinces (Kemendagri codes) in WITA and WIT; every other province, and any place abroad, counts as WIB. */
const witaProvinces = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const witProvinces = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97']);

/** The zone of a Kemendagri region code (WIB when unknown or abroad). */
export function zoneOfRegion(regionCode: string | null | undefined): IndonesianZone {
  const province = regionCode?.slice(0, 2) ?? '';
  if (witaProvinces.has(province)) return 'WITA';
  if (witProvinces.has(province)) return 'WIT';
  return 'WIB';
}

/** Offset from UTC in hours of an agency's local time, from its region code (WIB when unknown or abroad). */
export const utcOffsetHoursForRegion = (regionCode: string | null | undefined): number =>
  indonesianZones[zoneOfRegion(regionCode)].offsetHours;

/** The zone with a given UTC offset in hours (WIB for any other offset). */
export function zoneOfOffset(offsetHours: number): IndonesianZone {
  const found = (Object.keys(indonesianZones) as IndonesianZone[]).find(
    (z) => indonesianZones[z].offsetHours === offsetHours,
  );
  return found ?? 'WIB';
}

/** The calendar date (YYYY-MM-DD) of an instant (a Date or epoch milliseconds) in a zone. */
export const dateInZone = (instant: Date | number, zone: IndonesianZone): string =>
  new Date((typeof instant === 'number' ? instant : instant.getTime()) + indonesianZones[zone].offsetHours * HOUR_MS)
    .toISOString()
    .slice(0, 10);

/**
 * The latest calendar date anywhere in Indonesia at an instant (the date in WIT, the easternmost zone): a date
 * after it lies in the future everywhere, so a date "in the future" is refused only then.
 */
export const latestDateInIndonesia = (now: Date): string => dateInZone(now, 'WIT');

/** The calendar year of an instant (a Date or epoch milliseconds) in WIB (case numbers, budget years). */
export const yearInWib = (instant: Date | number): number => Number(dateInZone(instant, 'WIB').slice(0, 4));

/** The instant a calendar date begins in WIB, as an ISO string. */
export const startOfDayWib = (date: string): string => new Date(Date.parse(`${date}T00:00:00+07:00`)).toISOString();

/** The instant a calendar date ends in WIB (a due date passes when that day has ended across western Indonesia). */
export const endOfDayWib = (date: string): string =>
  new Date(Date.parse(`${date}T00:00:00+07:00`) + DAY_MS).toISOString();

/** How far ahead of the server's clock a client-given instant may be (a tablet in the field) before it is "future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a client-given instant lies in the future beyond the allowed clock skew. */
export const isBeyondClockSkew = (instant: Date | string, now: Date): boolean =>
  (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) > now.getTime() + CLOCK_SKEW_MS;
