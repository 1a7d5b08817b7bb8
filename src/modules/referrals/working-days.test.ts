import { describe, expect, it } from 'vitest';
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
