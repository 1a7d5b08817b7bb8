import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';

/**
 * Name search through vault tokens (issue 8): the rarest posting list drives inside SQL — a pair of name parts
 * (two sounds) or a single part — and every other part of the query is still checked: by sound, or by spelling
 * for a part whose sound is one letter (Ria and Rio both sound "r"), and the father's name after binti.
 */
describeEachDatabase('case list: name search through the name postings', (h) => {
  const names = {
    a: 'Sri Rahayu Kolambani',
    b: 'Sri Rahayu Tefamnasi',
    c: 'Sri Wahyuni Kolambani',
    d: 'Rahayu Kolambani',
    e: 'Ria Susanti Oematan',
    g: 'Rio Susanti Oematan',
    h: 'Yuliana Kolambani binti Petrus',
    i: 'Yuliana Kolambani binti Markus',
  } as const;
  const ids: Record<string, string> = {};
  const byId = new Map<string, string>();

  beforeAll(async () => {
    const cw = await h().login('caseworker.ntt');
    for (const [key, fullName] of Object.entries(names)) {
      const res = await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 1996, regionCode: '53.71' },
        identity: { fullName },
      });
      expect(res.statusCode, res.body).toBe(201);
      ids[key] = res.json().id;
      byId.set(res.json().id, key);
    }
  });

  /** The test's own cases a search finds (the demo's cases are left out), by key, sorted. */
  const search = async (name: string) => {
    const cw = await h().login('caseworker.ntt');
    const res = await cw.post('/api/cases/search', { name, limit: 100 });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as { id: string }[])
      .map((c) => byId.get(c.id))
      .filter((k) => k !== undefined)
      .sort();
  };

  it('finds a person by a pair of parts, in any order, and checks the parts the pair does not cover', async () => {
    expect(await search('Sri Rahayu Kolambani')).toEqual(['a']);
    expect(await search('Kolambani Sri Rahayu')).toEqual(['a']);
    expect(await search('Sri Rahayu')).toEqual(['a', 'b']);
    expect(await search('Sri Rahayu Oematan')).toEqual([]);
  });

  it('finds a person by one part, and by old spelling', async () => {
    expect(await search('Kolambani')).toEqual(['a', 'c', 'd', 'h', 'i']);
    expect(await search('Rahajoe')).toEqual(['a', 'b', 'd']);
  });

  it('checks a part whose sound is one letter by its spelling: Ria is not Rio', async () => {
    expect(await search('Ria Oematan')).toEqual(['e']);
    expect(await search('Rio Susanti')).toEqual(['g']);
    expect(await search('Susanti Oematan')).toEqual(['e', 'g']);
  });

  it("checks the father's name after binti", async () => {
    expect(await search('Yuliana Kolambani binti Markus')).toEqual(['i']);
    expect(await search('Yuliana Kolambani')).toEqual(['h', 'i']);
  });
});
