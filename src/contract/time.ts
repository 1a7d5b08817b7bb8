/**
 * The Indonesian time zones (Keppres 41/1987), shared by the server (platform/time.ts, which adds the region table
 * and the date arithmetic) and the web app (ui/format.ts). None observes daylight saving.
 */
export const indonesianZones = {
  WIB: { offsetHours: 7, offset: '+07:00', iana: 'Asia/Jakarta' },
  WITA: { offsetHours: 8, offset: '+08:00', iana: 'Asia/Makassar' },
  WIT: { offsetHours: 9, offset: '+09:00', iana: 'Asia/Jayapura' },
} as const;
export type IndonesianZone = keyof typeof indonesianZones;

/**
 * The reporting zone: every count puts an instant on a day and in a year in WIB, wherever the record was made
 * (server: platform/time.ts `reportingDate`, `reportingYear`, `reportingInstants`; why: docs/architecture.md
 * "Time: which zone a date belongs to"). The web takes its default periods ("this year to today") in it too.
 */
export const reportingZone: IndonesianZone = 'WIB';

/** The zones a user may choose for her dates and times, by IANA name (users' `timeZone`). */
export const timeZones = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type TimeZone = (typeof timeZones)[number];
