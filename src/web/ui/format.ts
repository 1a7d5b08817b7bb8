import { indonesianZones, type TimeZone, timeZones as zones } from '../../contract/time.js';

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
