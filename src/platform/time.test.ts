import { describe, expect, it } from 'vitest';
import {
  CLOCK_SKEW_MS,
  endOfDayWib,
  indonesianZones,
  isBeyondClockSkew,
  latestDateInIndonesia,
  startOfDayWib,
  utcOffsetHoursForRegion,
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

  it('allows a device’s clock to run five minutes ahead, no more', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    expect(CLOCK_SKEW_MS).toBe(300_000);
    expect(isBeyondClockSkew(new Date(now.getTime() + CLOCK_SKEW_MS), now)).toBe(false);
    expect(isBeyondClockSkew(new Date(now.getTime() + CLOCK_SKEW_MS + 1).toISOString(), now)).toBe(true);
  });
});
