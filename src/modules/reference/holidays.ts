import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../platform/config.js';

/**
 * Indonesia's national public holidays (hari libur nasional) and collective leave days (cuti bersama), the days
 * that do not count as working days for referral response times. Both are set each year by a joint decree of
 * the Ministers of Religious Affairs, Manpower and Administrative Reform (SKB 3 Menteri), usually in September
 * of the year before, and amended during the year when the government moves or adds a day. No maintained npm
 * library carries cuti bersama or the decreed (rather than astronomically computed) Islamic dates, so the
 * decrees are kept here as versioned data; an administrator adds a new year or an amendment without a release
 * through the file named by PULIH_HOLIDAYS_FILE (see docs/operations.md), which is read at start-up.
 */

export type HolidayKind = 'holiday' | 'collective_leave';
export interface Holiday {
  /** Local calendar date, YYYY-MM-DD (the whole day, in every Indonesian time zone). */
  date: string;
  kind: HolidayKind;
  name: { id: string; en: string };
}

/**
 * Bumped whenever the shipped decree data changes.
 *
 * 2027 is not shipped: its decree (SKB 3 Menteri on the 2027 holidays and cuti bersama, normally signed in the
 * autumn of 2026) could not be obtained from an official source when this data was last revised, and no kept
 * npm library carries Indonesian cuti bersama (date-holidays 3.37's ID region has the public holidays only, with
 * computed rather than decreed Islamic dates). Dates are never guessed here: until the decree is added (a release
 * or PULIH_HOLIDAYS_FILE), start-up warns that the year is missing and the first due time that reaches it warns
 * once more (HolidayCalendar.forDeadlines).
 */
export const HOLIDAY_DATA_VERSION = '2025.11';

const h = (date: string, id: string, en: string): Holiday => ({ date, kind: 'holiday', name: { id, en } });
const c = (date: string, id: string, en: string): Holiday => ({
  date,
  kind: 'collective_leave',
  name: { id: `Cuti bersama ${id}`, en: `Collective leave: ${en}` },
});

/** The decrees, by year, with their numbers (so anyone can check a date against its source). */
export const shippedHolidayYears: { year: number; decree: string; days: Holiday[] }[] = [
  {
    year: 2024,
    decree: 'SKB Menag, Menaker, MenPAN-RB No. 855/2023, 3/2023, 4/2023 (amended 2024)',
    days: [
      h('2024-01-01', 'Tahun Baru 2024 Masehi', "New Year's Day"),
      h('2024-02-08', 'Isra Mikraj Nabi Muhammad SAW', 'Ascension of the Prophet'),
      h('2024-02-10', 'Tahun Baru Imlek 2575 Kongzili', 'Chinese New Year'),
      h('2024-03-11', 'Hari Suci Nyepi Tahun Baru Saka 1946', 'Day of Silence (Nyepi)'),
      h('2024-03-29', 'Wafat Yesus Kristus', 'Good Friday'),
      h('2024-03-31', 'Hari Paskah', 'Easter Sunday'),
      h('2024-04-10', 'Idul Fitri 1445 Hijriah', 'Eid al-Fitr'),
      h('2024-04-11', 'Idul Fitri 1445 Hijriah', 'Eid al-Fitr'),
      h('2024-05-01', 'Hari Buruh Internasional', 'Labour Day'),
      h('2024-05-09', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      h('2024-05-23', 'Hari Raya Waisak 2568 BE', 'Vesak'),
      h('2024-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
      h('2024-06-17', 'Idul Adha 1445 Hijriah', 'Eid al-Adha'),
      h('2024-07-07', 'Tahun Baru Islam 1446 Hijriah', 'Islamic New Year'),
      h('2024-08-17', 'Proklamasi Kemerdekaan', 'Independence Day'),
      h('2024-09-16', 'Maulid Nabi Muhammad SAW', "Prophet's Birthday"),
      h('2024-12-25', 'Kelahiran Yesus Kristus', 'Christmas Day'),
      c('2024-02-09', 'Tahun Baru Imlek', 'Chinese New Year'),
      c('2024-03-12', 'Hari Suci Nyepi', 'Nyepi'),
      c('2024-04-08', 'Idul Fitri', 'Eid al-Fitr'),
      c('2024-04-09', 'Idul Fitri', 'Eid al-Fitr'),
      c('2024-04-12', 'Idul Fitri', 'Eid al-Fitr'),
      c('2024-04-15', 'Idul Fitri', 'Eid al-Fitr'),
      c('2024-05-10', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      c('2024-05-24', 'Hari Raya Waisak', 'Vesak'),
      c('2024-06-18', 'Idul Adha', 'Eid al-Adha'),
      c('2024-12-26', 'Kelahiran Yesus Kristus', 'Christmas'),
    ],
  },
  {
    year: 2025,
    decree: 'SKB Menag, Menaker, MenPAN-RB No. 1017/2024, 2/2024, 2/2024 (amended 2025: 18 August)',
    days: [
      h('2025-01-01', 'Tahun Baru 2025 Masehi', "New Year's Day"),
      h('2025-01-27', 'Isra Mikraj Nabi Muhammad SAW', 'Ascension of the Prophet'),
      h('2025-01-29', 'Tahun Baru Imlek 2576 Kongzili', 'Chinese New Year'),
      h('2025-03-29', 'Hari Suci Nyepi Tahun Baru Saka 1947', 'Day of Silence (Nyepi)'),
      h('2025-03-31', 'Idul Fitri 1446 Hijriah', 'Eid al-Fitr'),
      h('2025-04-01', 'Idul Fitri 1446 Hijriah', 'Eid al-Fitr'),
      h('2025-04-18', 'Wafat Yesus Kristus', 'Good Friday'),
      h('2025-04-20', 'Hari Paskah', 'Easter Sunday'),
      h('2025-05-01', 'Hari Buruh Internasional', 'Labour Day'),
      h('2025-05-12', 'Hari Raya Waisak 2569 BE', 'Vesak'),
      h('2025-05-29', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      h('2025-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
      h('2025-06-06', 'Idul Adha 1446 Hijriah', 'Eid al-Adha'),
      h('2025-06-27', 'Tahun Baru Islam 1447 Hijriah', 'Islamic New Year'),
      h('2025-08-17', 'Proklamasi Kemerdekaan', 'Independence Day'),
      h('2025-09-05', 'Maulid Nabi Muhammad SAW', "Prophet's Birthday"),
      h('2025-12-25', 'Kelahiran Yesus Kristus', 'Christmas Day'),
      c('2025-01-28', 'Tahun Baru Imlek', 'Chinese New Year'),
      c('2025-03-28', 'Hari Suci Nyepi', 'Nyepi'),
      c('2025-04-02', 'Idul Fitri', 'Eid al-Fitr'),
      c('2025-04-03', 'Idul Fitri', 'Eid al-Fitr'),
      c('2025-04-04', 'Idul Fitri', 'Eid al-Fitr'),
      c('2025-04-07', 'Idul Fitri', 'Eid al-Fitr'),
      c('2025-05-13', 'Hari Raya Waisak', 'Vesak'),
      c('2025-05-30', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      c('2025-06-09', 'Idul Adha', 'Eid al-Adha'),
      c('2025-08-18', 'Hari Kemerdekaan', 'Independence Day'),
      c('2025-12-26', 'Kelahiran Yesus Kristus', 'Christmas'),
    ],
  },
  {
    year: 2026,
    decree: 'SKB Menag, Menaker, MenPAN-RB No. 1497/2025, 2/2025, 5/2025',
    days: [
      h('2026-01-01', 'Tahun Baru 2026 Masehi', "New Year's Day"),
      h('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', 'Ascension of the Prophet'),
      h('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'Chinese New Year'),
      h('2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948', 'Day of Silence (Nyepi)'),
      h('2026-03-21', 'Idul Fitri 1447 Hijriah', 'Eid al-Fitr'),
      h('2026-03-22', 'Idul Fitri 1447 Hijriah', 'Eid al-Fitr'),
      h('2026-04-03', 'Wafat Yesus Kristus', 'Good Friday'),
      h('2026-04-05', 'Hari Paskah', 'Easter Sunday'),
      h('2026-05-01', 'Hari Buruh Internasional', 'Labour Day'),
      h('2026-05-14', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      h('2026-05-27', 'Idul Adha 1447 Hijriah', 'Eid al-Adha'),
      h('2026-05-31', 'Hari Raya Waisak 2570 BE', 'Vesak'),
      h('2026-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
      h('2026-06-16', 'Tahun Baru Islam 1448 Hijriah', 'Islamic New Year'),
      h('2026-08-17', 'Proklamasi Kemerdekaan', 'Independence Day'),
      h('2026-08-25', 'Maulid Nabi Muhammad SAW', "Prophet's Birthday"),
      h('2026-12-25', 'Kelahiran Yesus Kristus', 'Christmas Day'),
      c('2026-02-16', 'Tahun Baru Imlek', 'Chinese New Year'),
      c('2026-03-18', 'Hari Suci Nyepi', 'Nyepi'),
      c('2026-03-20', 'Idul Fitri', 'Eid al-Fitr'),
      c('2026-03-23', 'Idul Fitri', 'Eid al-Fitr'),
      c('2026-03-24', 'Idul Fitri', 'Eid al-Fitr'),
      c('2026-05-15', 'Kenaikan Yesus Kristus', 'Ascension Day'),
      c('2026-05-28', 'Idul Adha', 'Eid al-Adha'),
      c('2026-12-24', 'Kelahiran Yesus Kristus', 'Christmas'),
    ],
  },
];

const isoDate = z.iso.date();
const label = z.string().trim().min(1).max(200);
/** The administrator's file: whole years (a new decree) and single changes (an amendment). */
export const holidayFileSchema = z.strictObject({
  /** Free text naming the decree(s) the file transcribes. */
  source: z.string().trim().min(1).max(500).optional(),
  /** Years the file covers completely (their shipped days, if any, are replaced by the file's). */
  years: z.array(z.number().int().min(2000).max(2100)).max(50).default([]),
  add: z
    .array(
      z.strictObject({
        date: isoDate,
        kind: z.enum(['holiday', 'collective_leave']),
        name: z.strictObject({ id: label, en: label }),
      }),
    )
    .max(2000)
    .default([]),
  /** Days a decree amendment took back. */
  remove: z.array(isoDate).max(500).default([]),
});

export class HolidayCalendar {
  private readonly byDate = new Map<string, Holiday>();
  readonly years: ReadonlySet<number>;
  constructor(
    days: Holiday[],
    years: Iterable<number>,
    readonly source: string,
  ) {
    for (const d of days) this.byDate.set(d.date, d);
    this.years = new Set(years);
  }
  /** Whether a local calendar date (YYYY-MM-DD) is a national holiday or collective leave day. */
  isHoliday = (date: string): boolean => this.byDate.has(date);
  /** Years a due-time computation has met without their decree on record (each is warned about once). */
  private readonly warnedYears = new Set<number>();
  /**
   * isHoliday for deadline code. A date in a year whose decree is not on record counts as a working day, as it
   * must (no day off is invented), but the first such date of each year logs one warning naming the year, so an
   * operator learns that due times in that year ignore its holidays and cuti bersama until the decree is added
   * through PULIH_HOLIDAYS_FILE. Not an error: the due time is still set, only possibly a few days early.
   */
  forDeadlines(log: { warn(details: object, message: string): void }): (date: string) => boolean {
    return (date) => {
      const year = Number(date.slice(0, 4));
      if (!this.years.has(year) && !this.warnedYears.has(year)) {
        this.warnedYears.add(year);
        log.warn(
          { year, source: this.source },
          'a working-day due time falls in a year without holiday data: its national holidays and cuti bersama count as working days until its SKB 3 Menteri decree is added through PULIH_HOLIDAYS_FILE',
        );
      }
      return this.byDate.has(date);
    };
  }
  /** Whether the decree of the year is on record (otherwise its holidays count as working days). */
  covers(year: number): boolean {
    return this.years.has(year);
  }
  list(year?: number): Holiday[] {
    return [...this.byDate.values()]
      .filter((d) => year === undefined || d.date.startsWith(`${year}-`))
      .sort((a, b) => a.date.localeCompare(b.date));
  }
}

/** Builds the calendar from the shipped decrees and, when given, the administrator's file (its content). */
export function buildHolidayCalendar(file?: z.infer<typeof holidayFileSchema>, fileName?: string): HolidayCalendar {
  const replaced = new Set(file?.years ?? []);
  const removed = new Set(file?.remove ?? []);
  const days = [
    ...shippedHolidayYears.filter((y) => !replaced.has(y.year)).flatMap((y) => y.days),
    ...(file?.add ?? []),
  ].filter((d) => !removed.has(d.date));
  const years = [...shippedHolidayYears.map((y) => y.year), ...replaced];
  const source = fileName ? `shipped ${HOLIDAY_DATA_VERSION} + ${fileName}` : `shipped ${HOLIDAY_DATA_VERSION}`;
  return new HolidayCalendar(days, years, source);
}

const calendars = new Map<string, HolidayCalendar>();

/**
 * The calendar in force for a configuration (read once per file). A missing or invalid file stops start-up
 * naming PULIH_HOLIDAYS_FILE and the wrong entry, like any other bad setting.
 */
export function holidayCalendar(config: { holidaysFile?: string }): HolidayCalendar {
  const key = config.holidaysFile ?? '';
  let calendar = calendars.get(key);
  if (calendar) return calendar;
  if (!config.holidaysFile) calendar = buildHolidayCalendar();
  else {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(config.holidaysFile, 'utf8'));
    } catch (error) {
      throw new ConfigError(
        `Invalid configuration:\n  PULIH_HOLIDAYS_FILE: cannot read ${config.holidaysFile} as JSON (${(error as Error).message})`,
      );
    }
    const parsed = holidayFileSchema.safeParse(raw);
    if (!parsed.success) {
      const lines = parsed.error.issues.map((i) => `PULIH_HOLIDAYS_FILE ${i.path.join('.')}: ${i.message}`);
      throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
    }
    calendar = buildHolidayCalendar(parsed.data, config.holidaysFile);
  }
  calendars.set(key, calendar);
  return calendar;
}
