import { indonesianZones, reportingZone, type TimeZone, timeZones as zones } from '../../contract/time.js';

const byIana = new Map(Object.entries(indonesianZones).map(([name, zone]) => [zone.iana as string, { name, ...zone }]));

export const timeZones: TimeZone[] = [...zones];

/** An instant shown in the user's zone, e.g. "30/11/2026 08.15.02 WITA". */
export function formatDateTime(iso: string | null | undefined, timeZone: string, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const text = new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'id-ID', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'medium',
  }).format(date);
  return `${text} ${byIana.get(timeZone)?.name ?? timeZone}`;
}

/** A calendar date (yyyy-mm-dd) at the start or end of that day in the user's zone, as a UTC instant. */
export function dayBoundary(date: string, timeZone: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const local = `${date}T${end ? '23:59:59.999' : '00:00:00.000'}${byIana.get(timeZone)?.offset ?? indonesianZones.WIB.offset}`;
  const instant = new Date(local);
  return Number.isNaN(instant.getTime()) ? undefined : instant.toISOString();
}

/**
 * Today's date (yyyy-mm-dd) in the reporting zone (WIB, contract/time.ts): the end of a default period, whose year
 * is the default report year. A dashboard opened at 01:00 WIB on 1 January shows the new year, as the server counts.
 */
export function reportingToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: indonesianZones[reportingZone].iana,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}
