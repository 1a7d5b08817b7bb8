import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { agencyId, consent, DAY, newCase, requestService } from '../../../test/support/referrals.js';
import { holidayCalendar } from '../reference/index.js';
import { responseDueAt } from './working-days.js';

/**
 * An administrator's holiday file (PULIH_HOLIDAYS_FILE) declaring a Lebaran-like week starting the day after the
 * next Monday: Tuesday to Friday and the Monday after are days off (the decreed calendar is tested in
 * working-days.test.ts, Idul Fitri 2025 and 2026 included; the harness clock only moves forward).
 */
const WITA = 8 * 3_600_000;
const nextMondayLocal = (() => {
  const local = new Date(Date.now() + WITA);
  const ahead = (8 - local.getUTCDay()) % 7 || 7;
  return Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ahead);
})();
const localDate = (offsetDays: number) => new Date(nextMondayLocal + offsetDays * DAY).toISOString().slice(0, 10);
const holidayFile = join(mkdtempSync(join(tmpdir(), 'pulih-holidays-')), 'holidays.json');
writeFileSync(
  holidayFile,
  JSON.stringify({
    source: 'test: an amendment adding a week of cuti bersama',
    add: [1, 2, 3, 4, 7].map((d) => ({
      date: localDate(d),
      kind: 'collective_leave',
      name: { id: 'Cuti bersama Idul Fitri', en: 'Collective leave: Eid al-Fitr' },
    })),
  }),
);

describeEachDatabase(
  'referral response times skip the holidays and cuti bersama an administrator adds',
  (h) => {
    it('a referral sent on the Monday before a week of cuti bersama is due after it, not during it', async () => {
      // Monday 10:00 in Kupang (WITA, UTC+8).
      const sentAt = nextMondayLocal + 10 * 3_600_000 - WITA;
      h().clock.advance(sentAt - h().clock.now().getTime());
      const cw = await h().login('caseworker.ntt');
      const shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
      const kase = await newCase(cw);
      const sr = await requestService(cw, kase.id, 'shelter', shelter);
      const given = await consent(cw, kase.id, {
        purpose: 'referral',
        recipientAgencyId: shelter,
        serviceTypes: ['shelter'],
        fieldGroups: ['age_band', 'needs'],
      });
      expect(given.statusCode, given.body).toBe(201);
      const res = await cw.post(`/api/cases/${kase.id}/referrals`, {
        recipientAgencyId: shelter,
        serviceRequestIds: [sr],
        urgency: 'normal',
        reason: 'AdditionalServicesRequired',
      });
      expect(res.statusCode, res.body).toBe(201);
      const { dueAt, sentAt: sent } = res.json();
      // Tuesday to Friday and the next Monday are off: three working days end on Thursday of the week after.
      expect(Date.parse(dueAt) - Date.parse(sent)).toBeGreaterThanOrEqual(10 * DAY);
      const calendar = holidayCalendar({ holidaysFile: holidayFile });
      expect(dueAt).toBe(responseDueAt(new Date(sent), 'normal', 3, '53.71', calendar.isHoliday).toISOString());
      // The calendar in force is on the API, with the added days.
      const year = Number(localDate(1).slice(0, 4));
      const listed = (await cw.get(`/api/reference/holidays?year=${year}`)).json();
      expect(listed.source).toContain(holidayFile);
      expect(listed.days.map((d: { date: string }) => d.date)).toContain(localDate(1));
      const unknown = (await cw.get('/api/reference/holidays?year=2035')).json();
      expect(unknown).toMatchObject({ covered: false, days: [] });
    });
  },
  { env: { PULIH_HOLIDAYS_FILE: holidayFile } },
);
