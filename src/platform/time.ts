/**
 * Indonesian time, written once: the three zones (Keppres 41/1987: WIB UTC+7, WITA UTC+8,
 * WIT UTC+9), which zone an agency's region lies in, the calendar-date boundaries the modules judge deadlines and
 * "not in the future" by, the reporting zone that attributes an instant to a day and a year in every count
 * (indicators, reports, releases, exports), and the clock skew allowed between a device in the field and the server.
 * None of the zones observes daylight saving, so a fixed offset is exact; no module does its own offset arithmetic.
 */

import { type IndonesianZone, indonesianZones, reportingZone } from '../contract/time.js';

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

/** An instant as epoch milliseconds (a Date, epoch milliseconds or an ISO-8601 string with its offset). */
const msOf = (instant: Date | number | string): number =>
  typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();

/** The calendar date (YYYY-MM-DD) of an instant (a Date, epoch milliseconds or an ISO string) in a zone. */
export function dateInZone(instant: Date | number | string, zone: IndonesianZone): string {
  const offset = indonesianZones[zone].offsetHours;
  // Fast path for a stored UTC instant (YYYY-MM-DDTHH:…Z) whose local time is still on the same date: the fact
  // refresh attributes millions of them.
  if (typeof instant === 'string' && instant.length >= 20 && instant.endsWith('Z') && instant[10] === 'T') {
    const hour = Number(instant.slice(11, 13));
    if (hour + offset < 24) return instant.slice(0, 10);
  }
  return new Date(msOf(instant) + offset * HOUR_MS).toISOString().slice(0, 10);
}

/** The instant (epoch milliseconds) a calendar date (YYYY-MM-DD) begins in a zone. */
export const startOfDayInZone = (date: string, zone: IndonesianZone): number =>
  Date.parse(`${date}T00:00:00.000Z`) - indonesianZones[zone].offsetHours * HOUR_MS;

/** The weekday of a calendar date (0 Sunday … 6 Saturday): the same in every zone. */
export const weekdayOf = (date: string): number => new Date(`${date}T00:00:00.000Z`).getUTCDay();

/**
 * The latest calendar date anywhere in Indonesia at an instant (the date in WIT, the easternmost zone): a date
 * after it lies in the future everywhere, so a date "in the future" is refused only then.
 */
export const latestDateInIndonesia = (now: Date): string => dateInZone(now, 'WIT');

/** The calendar year of an instant in WIB (case numbers, budget years: the same rule as the reporting year). */
export const yearInWib = (instant: Date | number | string): number => Number(dateInZone(instant, 'WIB').slice(0, 4));

/** The instant a calendar date begins in WIB, as an ISO string. */
export const startOfDayWib = (date: string): string => new Date(startOfDayInZone(date, 'WIB')).toISOString();

/** The instant a calendar date ends in WIB (a due date passes when that day has ended across western Indonesia). */
export const endOfDayWib = (date: string): string => new Date(startOfDayInZone(date, 'WIB') + DAY_MS).toISOString();

/**
 * The reporting zone: every count attributes an instant (a case's registration, a service's delivery, a referral's
 * sending, a closure) to a calendar day and year in WIB, wherever the record was made — the indicators and their
 * period filter, the task force's reports and their schedule, the CTDC release's year of registration and the
 * HTCDS export's registration-date filter. One zone because a case counts in the year its number carries (case
 * numbers are numbered by the year in WIB), because a national period must be one range of instants (so that the
 * provinces' figures add up to the nation's and one index range serves the filter), and because the national
 * bodies that receive the figures (the task force, BPS) sit in Jakarta. docs/architecture.md. The constant itself
 * lives in contract/time.ts, which the web shares.
 */
export const REPORTING_ZONE: IndonesianZone = reportingZone;

/** The reporting date (YYYY-MM-DD in the reporting zone) of an instant. */
export const reportingDate = (instant: Date | number | string): string => dateInZone(instant, REPORTING_ZONE);

/** The reporting year (the calendar year in the reporting zone) of an instant. */
export const reportingYear = (instant: Date | number | string): number => Number(reportingDate(instant).slice(0, 4));

/**
 * A reporting period, by calendar dates or by years (both ends inclusive, either end open), as the range of instants
 * it covers in the reporting zone: `from` inclusive, `until` exclusive (ISO strings, comparable with the stored
 * instants). 2026 is [2025-12-31T17:00:00.000Z, 2026-12-31T17:00:00.000Z).
 */
export type ReportingPeriod = { from?: string; to?: string } | { fromYear?: number; toYear?: number };

export function reportingInstants(period: ReportingPeriod): { from?: string; until?: string } {
  const p = period as { from?: string; to?: string; fromYear?: number; toYear?: number };
  const byYears = 'fromYear' in period || 'toYear' in period;
  const fromDate = byYears ? (p.fromYear === undefined ? undefined : `${p.fromYear}-01-01`) : p.from;
  const toDate = byYears ? (p.toYear === undefined ? undefined : `${p.toYear}-12-31`) : p.to;
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    ...(fromDate === undefined ? {} : { from: iso(startOfDayInZone(fromDate, REPORTING_ZONE)) }),
    ...(toDate === undefined ? {} : { until: iso(startOfDayInZone(toDate, REPORTING_ZONE) + DAY_MS) }),
  };
}

/** How far ahead of the server's clock a client-given instant may be (a tablet in the field) before it is "future". */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether a client-given instant lies in the future beyond the allowed clock skew. */
export const isBeyondClockSkew = (instant: Date | string, now: Date): boolean =>
  (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) > now.getTime() + CLOCK_SKEW_MS;
