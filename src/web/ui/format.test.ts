import { describe, expect, it } from 'vitest';
import { reportingToday } from './format.js';

describe('the web’s default period (ui/format.ts)', () => {
  it('ends today in the reporting zone (WIB), as the server dates its counts (platform/time.ts)', () => {
    // 1 January 2026, 01:30 WIB is 31 December 2025 in UTC: the dashboard's year is already 2026.
    expect(reportingToday(new Date('2025-12-31T18:30:00Z'))).toBe('2026-01-01');
    expect(reportingToday(new Date('2025-12-31T16:59:59Z'))).toBe('2025-12-31');
    expect(reportingToday(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
    expect(reportingToday(new Date('2026-07-15T03:00:00Z'))).toBe('2026-07-15');
  });
});
