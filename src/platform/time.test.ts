import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_MS,
  dateInZone,
  endOfDayWib,
  indonesianZones,
  isBeyondClockSkew,
  latestDateInIndonesia,
  REPORTING_ZONE,
  reportingDate,
  reportingInstants,
  reportingYear,
  startOfDayInZone,
  startOfDayWib,
  utcOffsetHoursForRegion,
  weekdayOf,
  yearInWib,
  zoneOfOffset,
  zoneOfRegion,
} from './time.js';

describe('Indonesian time (platform/time.ts)', () => {
  it('places regions in WIB, WITA and WIT by province (WIB when unknown or abroad)', () => {
    expect(zoneOfRegion('31.71')).toBe('WIB'); // DKI Jakarta
    expect(zoneOfRegion('53.71')).toBe('WITA'); // Kupang, NTT
    expect(zoneOfRegion('94.71')).toBe('WIT'); // Jayapura, Papua
    expect(zoneOfRegion(null)).toBe('WIB');
    expect(zoneOfRegion('MY')).toBe('WIB');
    expect([utcOffsetHoursForRegion('31'), utcOffsetHoursForRegion('53'), utcOffsetHoursForRegion('94')]).toEqual([
      7, 8, 9,
    ]);
    expect(zoneOfOffset(8)).toBe('WITA');
    expect(indonesianZones[zoneOfOffset(9)].iana).toBe('Asia/Jayapura');
    expect(zoneOfOffset(3)).toBe('WIB');
  });

  it('judges calendar dates by Indonesian time: the latest date anywhere (WIT), a day’s end and a year in WIB', () => {
    // 15:30 UTC is 00:30 the next day in WIT but still 22:30 in WIB.
    expect(latestDateInIndonesia(new Date('2026-03-31T15:30:00Z'))).toBe('2026-04-01');
    expect(latestDateInIndonesia(new Date('2026-03-31T14:30:00Z'))).toBe('2026-03-31');
    expect(endOfDayWib('2026-04-01')).toBe('2026-04-01T17:00:00.000Z');
    expect(startOfDayWib('2027-01-01')).toBe('2026-12-31T17:00:00.000Z');
    expect(yearInWib(new Date('2026-12-31T17:30:00Z'))).toBe(2027);
    expect(yearInWib(new Date('2026-12-31T16:30:00Z'))).toBe(2026);
  });

  it('attributes an instant to a reporting day and year in WIB, whatever the form of the instant', () => {
    expect(REPORTING_ZONE).toBe('WIB');
    // 1 January 2026, 01:30 WIB is still 31 December 2025 in UTC: it counts on 1 January 2026.
    const newYear = '2026-01-01T01:30:00+07:00';
    for (const at of [newYear, new Date(newYear), Date.parse(newYear), '2025-12-31T18:30:00.000Z']) {
      expect(reportingDate(at)).toBe('2026-01-01');
      expect(reportingYear(at)).toBe(2026);
    }
    // 31 December 2026, 23:30 WIB is 16:30 UTC: still 2026.
    expect(reportingYear('2026-12-31T16:30:00.000Z')).toBe(2026);
    expect(reportingDate('2026-12-31T23:30:00+07:00')).toBe('2026-12-31');
    // The last and first instants of a day, in the stored (UTC) form the fast path reads.
    expect(reportingDate('2026-03-31T16:59:59.999Z')).toBe('2026-03-31');
    expect(reportingDate('2026-03-31T17:00:00.000Z')).toBe('2026-04-01');
    expect(reportingDate('2026-02-28T17:00:00.000Z')).toBe('2026-03-01');
    // Another zone's date of the same instant (display, working days) stays where it is.
    expect(dateInZone('2026-03-31T15:30:00.000Z', 'WIT')).toBe('2026-04-01');
    expect(dateInZone('2026-03-31T15:30:00.000Z', 'WITA')).toBe('2026-03-31');
  });

  it('turns a reporting period (years or dates, either end open) into the instants it covers in WIB', () => {
    expect(reportingInstants({ fromYear: 2026, toYear: 2026 })).toEqual({
      from: '2025-12-31T17:00:00.000Z',
      until: '2026-12-31T17:00:00.000Z',
    });
    expect(reportingInstants({ fromYear: 2020 })).toEqual({ from: '2019-12-31T17:00:00.000Z' });
    expect(reportingInstants({ toYear: 2024 })).toEqual({ until: '2024-12-31T17:00:00.000Z' });
    expect(reportingInstants({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      from: '2025-12-31T17:00:00.000Z',
      until: '2026-01-31T17:00:00.000Z',
    });
    expect(reportingInstants({})).toEqual({});
    // Both ends of a year hold the instants the year's dates are attributed to, and nothing else.
    const year = reportingInstants({ fromYear: 2026, toYear: 2026 });
    expect(reportingYear(year.from!)).toBe(2026);
    expect(reportingYear(Date.parse(year.from!) - 1)).toBe(2025);
    expect(reportingYear(Date.parse(year.until!) - 1)).toBe(2026);
    expect(reportingYear(year.until!)).toBe(2027);
    expect(new Date(startOfDayInZone('2026-04-01', 'WIT')).toISOString()).toBe('2026-03-31T15:00:00.000Z');
    expect([weekdayOf('2026-01-01'), weekdayOf('2026-01-03'), weekdayOf('2026-01-04')]).toEqual([4, 6, 0]);
  });

  it('allows a device’s clock to run five minutes ahead, no more', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(CLOCK_SKEW_MS).toBe(300_000);
    expect(isBeyondClockSkew(new Date(now.getTime() + CLOCK_SKEW_MS), now)).toBe(false);
    expect(isBeyondClockSkew(new Date(now.getTime() + CLOCK_SKEW_MS + 1).toISOString(), now)).toBe(true);
  });
});
