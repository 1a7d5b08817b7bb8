import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config.js';
import { buildHolidayCalendar, holidayCalendar } from '../reference/index.js';
import { addWorkingDays, responseDueAt, URGENT_RESPONSE_MS, utcOffsetHoursForRegion } from './working-days.js';

/** A wall-clock time in UTC+7 (WIB) as an instant. */
const wib = (local: string) => new Date(`${local}+07:00`);
const wita = (local: string) => new Date(`${local}+08:00`);

describe('working days (Monday to Friday, local time of the receiving agency)', () => {
  // 2025-06-02 is a Monday.
  it.each([
    ['Monday 10:00 → Thursday 10:00', '2025-06-02T10:00:00', 3, '2025-06-05T10:00:00'],
    ['Tuesday 16:30 → Friday 16:30', '2025-06-03T16:30:00', 3, '2025-06-06T16:30:00'],
    ['Wednesday 09:00 → Monday 09:00', '2025-06-04T09:00:00', 3, '2025-06-09T09:00:00'],
    ['Thursday 10:00 → Tuesday 10:00', '2025-06-05T10:00:00', 3, '2025-06-10T10:00:00'],
    ['Friday 10:00 → Wednesday 10:00', '2025-06-06T10:00:00', 3, '2025-06-11T10:00:00'],
    ['Friday 23:59 → Wednesday 23:59', '2025-06-06T23:59:00', 3, '2025-06-11T23:59:00'],
    ['Saturday 10:00 → counts from Monday 00:00 → Thursday 00:00', '2025-06-07T10:00:00', 3, '2025-06-12T00:00:00'],
    ['Sunday 22:00 → Thursday 00:00', '2025-06-08T22:00:00', 3, '2025-06-12T00:00:00'],
    ['one working day from Friday → Monday', '2025-06-06T08:00:00', 1, '2025-06-09T08:00:00'],
    ['five working days from Monday → next Monday', '2025-06-02T08:00:00', 5, '2025-06-09T08:00:00'],
    ['ten working days span two weekends', '2025-06-02T08:00:00', 10, '2025-06-16T08:00:00'],
    ['across a month end', '2025-06-27T12:00:00', 3, '2025-07-02T12:00:00'],
    ['across a year end', '2025-12-31T12:00:00', 3, '2026-01-05T12:00:00'],
  ])('%s', (_label, start, days, due) => {
    expect(addWorkingDays(wib(start), days, 7).toISOString()).toBe(wib(due).toISOString());
  });

  it('counts in the agency’s own time zone: Sunday night in Jakarta is already Monday in Kupang', () => {
    // 2025-06-08T16:30Z = Sunday 23:30 WIB = Monday 00:30 WITA.
    const sent = new Date('2025-06-08T16:30:00Z');
    expect(addWorkingDays(sent, 3, 7).toISOString()).toBe(wib('2025-06-12T00:00:00').toISOString());
    expect(addWorkingDays(sent, 3, 8).toISOString()).toBe(wita('2025-06-12T00:30:00').toISOString());
  });

  it('maps provinces to WIB, WITA and WIT (WIB when unknown or abroad)', () => {
    expect(utcOffsetHoursForRegion('31.71')).toBe(7); // Jakarta
    expect(utcOffsetHoursForRegion('61.71')).toBe(7); // Pontianak
    expect(utcOffsetHoursForRegion('53.71')).toBe(8); // Kupang
    expect(utcOffsetHoursForRegion('51')).toBe(8); // Bali
    expect(utcOffsetHoursForRegion('73.71')).toBe(8); // Makassar
    expect(utcOffsetHoursForRegion('81.71')).toBe(9); // Ambon
    expect(utcOffsetHoursForRegion('91')).toBe(9); // Papua
    expect(utcOffsetHoursForRegion('96')).toBe(9); // Papua Barat Daya
    expect(utcOffsetHoursForRegion(null)).toBe(7);
  });

  it('makes an urgent referral due 24 hours after sending, whatever the day', () => {
    const saturday = wib('2025-06-07T10:00:00');
    expect(responseDueAt(saturday, 'urgent', 3, '53.71').getTime() - saturday.getTime()).toBe(URGENT_RESPONSE_MS);
    expect(URGENT_RESPONSE_MS).toBe(86_400_000);
  });

  it('uses the configured number of working days for a normal referral', () => {
    const monday = wita('2025-06-02T10:00:00');
    expect(responseDueAt(monday, 'normal', 3, '53.71').toISOString()).toBe(wita('2025-06-05T10:00:00').toISOString());
    expect(responseDueAt(monday, 'normal', 5, '53.71').toISOString()).toBe(wita('2025-06-09T10:00:00').toISOString());
  });
});

describe('working days skip national holidays and cuti bersama (SKB 3 Menteri)', () => {
  const calendar = buildHolidayCalendar();
  const due = (start: Date, days: number, offset = 7) =>
    addWorkingDays(start, days, offset, calendar.isHoliday).toISOString();

  it('Idul Fitri week 2025: 31 Mar–1 Apr holidays, 2–4 and 7 Apr cuti bersama', () => {
    // Sent Thursday 27 March 10:00: Friday 28 (cuti bersama Nyepi) and the whole Lebaran week are days off.
    expect(due(wib('2025-03-27T10:00:00'), 3)).toBe(wib('2025-04-10T10:00:00').toISOString());
    expect(due(wib('2025-03-27T10:00:00'), 1)).toBe(wib('2025-04-08T10:00:00').toISOString());
    // Sent during Lebaran (a holiday): the count starts when offices open on Tuesday 8 April.
    expect(due(wib('2025-04-01T09:00:00'), 3)).toBe(wib('2025-04-11T00:00:00').toISOString());
    // Without the calendar the same referral would be due on Tuesday 1 April, in the middle of Lebaran.
    expect(addWorkingDays(wib('2025-03-27T10:00:00'), 3, 7).toISOString()).toBe(
      wib('2025-04-01T10:00:00').toISOString(),
    );
  });

  it('Idul Fitri week 2026: 20 and 23–24 Mar cuti bersama around the 21–22 Mar holiday, 19 Mar Nyepi', () => {
    // Tuesday 17 March 14:00 → 18 (cuti Nyepi), 19 (Nyepi), 20, 23, 24 (cuti Lebaran) are off: 25, 26, 27.
    expect(due(wita('2026-03-17T14:00:00'), 3, 8)).toBe(wita('2026-03-27T14:00:00').toISOString());
  });

  it('skips single holidays and collective leave days in an ordinary week', () => {
    // 2026-05-14 Ascension (holiday), 2026-05-15 cuti bersama: Wednesday 13 May → Mon 18, Tue 19, Wed 20.
    expect(due(wib('2026-05-13T08:00:00'), 3)).toBe(wib('2026-05-20T08:00:00').toISOString());
    // Independence Day on a Monday (2026-08-17): Friday 14 Aug → Tue 18, Wed 19, Thu 20.
    expect(due(wib('2026-08-14T08:00:00'), 3)).toBe(wib('2026-08-20T08:00:00').toISOString());
    // An ordinary week is unchanged.
    expect(due(wib('2025-06-02T10:00:00'), 3)).toBe(wib('2025-06-05T10:00:00').toISOString());
  });

  it('judges the holiday by the agency’s own calendar day (WIT: 1 April starts at 15:00 UTC)', () => {
    // 2025-03-31T15:30Z is Monday 23:30 in Jakarta (Lebaran) and Tuesday 00:30 in Jayapura (Lebaran too).
    const sent = new Date('2025-03-31T15:30:00Z');
    // Offices open on Tuesday 8 April; one working day later is the start of Wednesday 9 April, Jayapura time.
    expect(due(sent, 1, 9)).toBe(new Date('2025-04-09T00:00:00+09:00').toISOString());
  });

  it('passes the calendar through responseDueAt for normal referrals only', () => {
    const sent = wib('2025-03-27T10:00:00');
    expect(responseDueAt(sent, 'normal', 3, '31.71', calendar.isHoliday).toISOString()).toBe(
      wib('2025-04-10T10:00:00').toISOString(),
    );
    expect(responseDueAt(sent, 'urgent', 3, '31.71', calendar.isHoliday).getTime() - sent.getTime()).toBe(
      URGENT_RESPONSE_MS,
    );
  });

  it('knows which years the shipped decrees cover, and every shipped day is a weekday-or-weekend date of its year', () => {
    expect([2024, 2025, 2026].every((y) => calendar.covers(y))).toBe(true);
    expect(calendar.covers(2031)).toBe(false);
    for (const y of [2024, 2025, 2026]) {
      const days = calendar.list(y);
      expect(days.length).toBeGreaterThanOrEqual(24);
      expect(days.every((d) => d.date.startsWith(`${y}-`) && !Number.isNaN(Date.parse(d.date)))).toBe(true);
    }
  });

  it('warns once, never fails, when a due time reaches a year without holiday data (2027 is not shipped)', () => {
    const fresh = buildHolidayCalendar();
    const warnings: { details: object; message: string }[] = [];
    const isHoliday = fresh.forDeadlines({ warn: (details, message) => warnings.push({ details, message }) });
    // Within the shipped years: no warning, and the holidays count (Ascension 14 May, cuti bersama 15 May 2026).
    expect(addWorkingDays(wib('2026-05-13T10:00:00'), 3, 7, isHoliday).toISOString()).toBe(
      wib('2026-05-20T10:00:00').toISOString(),
    );
    expect(warnings).toEqual([]);
    // Wednesday 30 December 2026 + 3 reaches January 2027: weekdays count as working days (1 January too, since
    // no decree says otherwise), with one warning naming the year.
    expect(addWorkingDays(wib('2026-12-30T10:00:00'), 3, 7, isHoliday).toISOString()).toBe(
      wib('2027-01-04T10:00:00').toISOString(),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.details).toMatchObject({ year: 2027 });
    expect(warnings[0]!.message).toMatch(/PULIH_HOLIDAYS_FILE/);
    // Once per year: later due times in 2027 stay silent; another missing year warns again.
    addWorkingDays(wib('2027-03-01T10:00:00'), 3, 7, isHoliday);
    expect(warnings).toHaveLength(1);
    addWorkingDays(wib('2031-03-03T10:00:00'), 3, 7, isHoliday);
    expect(warnings.map((w) => (w.details as { year: number }).year)).toEqual([2027, 2031]);
  });

  it('an administrator extends the calendar with a file: a new year, an added day, a day taken back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulih-holidays-'));
    const file = join(dir, 'holidays.json');
    writeFileSync(
      file,
      JSON.stringify({
        source: 'test decree',
        years: [2031],
        add: [
          { date: '2031-06-04', kind: 'collective_leave', name: { id: 'Cuti bersama uji', en: 'Test leave' } },
          { date: '2025-06-03', kind: 'holiday', name: { id: 'Libur tambahan', en: 'Extra holiday' } },
        ],
        remove: ['2025-04-07'],
      }),
    );
    const extended = holidayCalendar({ holidaysFile: file });
    expect(extended.covers(2031)).toBe(true);
    expect(extended.isHoliday('2031-06-04')).toBe(true);
    // Tuesday 3 June 2025 is now off too: Monday 2 June 10:00 + 3 → Wed 4, Thu 5, (Idul Adha Fri 6, weekend,
    // cuti bersama Mon 9) Tue 10 June; with the shipped calendar alone it is Thursday 5 June.
    expect(addWorkingDays(wib('2025-06-02T10:00:00'), 3, 7, extended.isHoliday).toISOString()).toBe(
      wib('2025-06-10T10:00:00').toISOString(),
    );
    expect(addWorkingDays(wib('2025-06-02T10:00:00'), 3, 7, calendar.isHoliday).toISOString()).toBe(
      wib('2025-06-05T10:00:00').toISOString(),
    );
    // 7 April 2025 taken back: Lebaran ends a day earlier.
    expect(extended.isHoliday('2025-04-07')).toBe(false);
    expect(calendar.isHoliday('2025-04-07')).toBe(true);

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ add: [{ date: '2031-02-30', kind: 'holiday', name: { id: 'x', en: 'x' } }] }));
    expect(() => holidayCalendar({ holidaysFile: bad })).toThrow(ConfigError);
    expect(() => holidayCalendar({ holidaysFile: bad })).toThrow(/PULIH_HOLIDAYS_FILE add\.0\.date/);
    expect(() => holidayCalendar({ holidaysFile: join(dir, 'missing.json') })).toThrow(/PULIH_HOLIDAYS_FILE/);
  });
});
