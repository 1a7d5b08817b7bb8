import { describe, expect, it } from 'vitest';
import { ageBandFrom, ageBandOf, type CaseFacts, sharedViewOf, snapshotFor } from './shared-view.js';

const facts: CaseFacts = {
  birthYear: 2001,
  ageEstimated: null,
  sex: 'Feminine',
  languages: ['id', 'en'],
  citizenship: 'ID',
  origin: { code: '53', name: 'Nusa Tenggara Timur' },
  riskLevel: 'high',
  exploitationTypes: ['ForcedLabour'],
  summary: 'Recruited by a neighbour',
};
const now = new Date('2025-06-02T00:00:00Z');

describe('CTDC age bands', () => {
  it.each([
    [0, '0--8'],
    [8, '0--8'],
    [9, '9--17'],
    [17, '9--17'],
    [18, '18--20'],
    [20, '18--20'],
    [21, '21--23'],
    [24, '24--26'],
    [27, '27--29'],
    [29, '27--29'],
    [30, '30--38'],
    [38, '30--38'],
    [39, '39--47'],
    [47, '39--47'],
    [48, '48+'],
    [90, '48+'],
  ])('%i years → %s', (age, band) => {
    expect(ageBandOf(age)).toBe(band);
  });

  it('uses the birth year, else the estimated age, else nothing', () => {
    expect(ageBandFrom(now, 2001, 40)).toBe('24--26');
    expect(ageBandFrom(now, null, 16)).toBe('9--17');
    expect(ageBandFrom(now, null, null)).toBeNull();
  });
});

describe('the shared view holds only the consented field groups', () => {
  it('takes nothing beyond the groups into the snapshot', () => {
    expect(snapshotFor(['age_band', 'sex', 'languages', 'needs'], facts, now)).toEqual({
      ageBand: '24--26',
      sex: 'Feminine',
      languages: ['id', 'en'],
    });
    expect(snapshotFor([], facts, now)).toEqual({});
    expect(
      snapshotFor(['nationality', 'origin_region', 'risk_notes', 'exploitation_types', 'case_summary'], facts, now),
    ).toEqual({
      nationality: 'ID',
      originRegion: { code: '53', name: 'Nusa Tenggara Timur' },
      riskLevel: 'high',
      exploitationTypes: ['ForcedLabour'],
      caseSummary: 'Recruited by a neighbour',
    });
  });

  it('narrows the view to the groups at read time and adds needs and consented identity', () => {
    const snapshot = snapshotFor(['age_band', 'sex', 'case_summary'], facts, now);
    expect(sharedViewOf(['age_band', 'needs'], snapshot, ['shelter', 'shelter', 'legal_aid'])).toEqual({
      fieldGroups: ['age_band', 'needs'],
      ageBand: '24--26',
      needs: ['shelter', 'legal_aid'],
    });
    // Identity appears only with an identity group, and only when revealed.
    expect(sharedViewOf(['sex'], snapshot, [], { fullName: 'Siti' })).toEqual({
      fieldGroups: ['sex'],
      sex: 'Feminine',
    });
    expect(sharedViewOf(['identity_name'], snapshot, [], { fullName: 'Siti' })).toEqual({
      fieldGroups: ['identity_name'],
      identity: { fullName: 'Siti' },
    });
  });
});
