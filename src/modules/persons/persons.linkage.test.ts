import { beforeAll, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { computeIndicators, refreshIndicatorFacts } from '../indicators/index.js';
import { recorded } from './name-variants.fixture.js';
import { LINKAGE_DICE_THRESHOLD, type LinkEvidence, linkPersonRecords } from './persons.linkage.js';
import { allLinkedGroups } from './persons.linkage-groups.js';

/*
 * Record linkage across agencies (persons.linkage.ts, docs/indicators.md): a victim known to two agencies counts
 * once; and the rule's error measured on the labelled name variants — each recorded person at one agency, each
 * variant and each namesake recorded by another, with the evidence an intake really has (birth year exact, one
 * off or unknown; origin regency or unknown).
 */

const victim = (fullName: string, extra: Record<string, unknown> = {}) => ({
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 2001, regionCode: '53.71', citizenship: 'ID', languages: ['id'] },
  identity: { fullName, ...extra },
  riskLevel: 'medium',
  profile: { exploitationTypes: ['ForcedLabour'] },
  events: [],
});

/**
 * The union-find as it was before it moved into a table (all parents and group facts in the heap): the reference
 * the table-backed one must equal, replayed from the same links in the same order.
 */
function inMemoryGroups(links: LinkEvidence[]): Map<string, string> {
  const parent = new Map<string, string>();
  const facts = new Map<string, { provinces: Set<string>; minYear: number | null; maxYear: number | null }>();
  const find = (x: string): string => {
    let root = x;
    for (let p = parent.get(root); p !== undefined && p !== root; p = parent.get(root)) root = p;
    return root;
  };
  const union = (a: string, b: string) => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const [ra, rb] = [find(a), find(b)];
    if (ra < rb) parent.set(rb, ra);
    else if (rb < ra) parent.set(ra, rb);
  };
  const set = (f: { province: string | null; minYear: number | null; maxYear: number | null }) => ({
    provinces: new Set(f.province ? [f.province] : []),
    minYear: f.minYear,
    maxYear: f.maxYear,
  });
  for (const l of links) {
    if (l.rule === 'identifier') {
      union(l.a, l.b);
      continue;
    }
    if (!facts.has(l.a)) facts.set(l.a, set(l.fa));
    if (!facts.has(l.b)) facts.set(l.b, set(l.fb));
    const [ra, rb] = [find(l.a), find(l.b)];
    if (ra === rb) continue;
    const ga = facts.get(ra) ?? set(l.fa);
    const gb = facts.get(rb) ?? set(l.fb);
    const provinces = new Set([...ga.provinces, ...gb.provinces]);
    const years = [ga.minYear, ga.maxYear, gb.minYear, gb.maxYear].filter((y): y is number => y !== null);
    const minYear = years.length ? Math.min(...years) : null;
    const maxYear = years.length ? Math.max(...years) : null;
    if (provinces.size > 1 || (minYear !== null && maxYear! - minYear > 1)) continue;
    union(l.a, l.b);
    facts.set(find(l.a), { provinces, minYear, maxYear });
  }
  return new Map([...parent.keys()].map((x) => [x, find(x)]));
}

describeEachDatabase('record linkage: unique victims across agencies', (h) => {
  let jabar: Client;
  beforeAll(async () => {
    jabar = await h().provision('cw.jabar', 'Jawa Barat', ['case_worker']);
  });

  it('counts a victim known to two agencies once (by name tokens, and by a keyed NIK), and two namesakes twice', async () => {
    const ntt = await h().login('caseworker.ntt');
    const op = h().operator();
    const before = await computeIndicators(op, { keys: ['victims_unique', 'victims_presumed', 'victims_identified'] });
    const records = (r: typeof before) =>
      r.figures.filter((f) => f.key !== 'victims_unique').reduce((s, f) => s + (f.value ?? 0), 0);
    const unique = (r: typeof before) => r.figures.find((f) => f.key === 'victims_unique')!.value ?? 0;

    // Siti at NTT; the same woman at West Java, her name spelt the old way, no NIK given there.
    expect((await ntt.post('/api/cases', victim('Siti Nurhayati Ndolu', { nik: '5371014709010003' }))).statusCode).toBe(
      201,
    );
    expect((await jabar.post('/api/cases', victim('Sity Noerhajati Ndolu'))).statusCode).toBe(201);
    // Another woman whose name was written quite differently, but the same NIK: one person.
    expect((await ntt.post('/api/cases', victim('Yuliana Bria', { nik: '5371015507990001' }))).statusCode).toBe(201);
    const byNik = victim('Juliana Mbria Seran', { nik: '5371015507990001' });
    expect(
      (await jabar.post('/api/cases', { ...byNik, person: { ...byNik.person, birthYear: 1999 } })).statusCode,
    ).toBe(201);
    // A namesake at West Java: the same name, born six years later.
    const namesake = victim('Siti Nurhayati Ndolu');
    expect(
      (await jabar.post('/api/cases', { ...namesake, person: { ...namesake.person, birthYear: 2007 } })).statusCode,
    ).toBe(201);

    await refreshIndicatorFacts(op);
    const after = await computeIndicators(op, { keys: ['victims_unique', 'victims_presumed', 'victims_identified'] });
    expect(records(after) - records(before)).toBe(5);
    expect(unique(after) - unique(before)).toBe(3);
  });

  it('measures the rule on the labelled variants: recall and false links', async () => {
    const ntt = await h().login('caseworker.ntt');
    const targets: string[] = [];
    const post = async (c: Client, body: Record<string, unknown>) => {
      let res = await c.post('/api/persons', body);
      // A fixture regency code from before Papua's 2022 split is unknown to the region data: origin left unknown.
      if (res.statusCode === 400 && res.json().errors?.[0]?.code === 'region_unknown') {
        const { regionCode: _gone, ...rest } = body;
        res = await c.post('/api/persons', rest);
      }
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(201);
      return res.json().id as string;
    };
    for (const r of recorded) {
      targets.push(
        await post(ntt, {
          sex: r.sex,
          birthYear: r.birthYear,
          regionCode: r.regionCode,
          identity: { fullName: r.name },
        }),
      );
    }
    const sames: { target: string; id: string; label: string; evidence: number }[] = [];
    const others: { target: string; id: string; label: string }[] = [];
    let n = 0;
    for (const [i, r] of recorded.entries()) {
      for (const name of r.same) {
        const mode = n++ % 4;
        const id = await post(jabar, {
          sex: r.sex,
          ...(mode === 3 ? {} : { birthYear: r.birthYear + (mode === 1 ? (n % 2 === 0 ? 1 : -1) : 0) }),
          ...(mode === 2 || mode === 1 ? {} : { regionCode: r.regionCode }),
          identity: { fullName: name },
        });
        sames.push({ target: targets[i]!, id, label: `${r.name} ← ${name}`, evidence: mode });
      }
      for (const o of r.others) {
        const id = await post(jabar, {
          sex: r.sex,
          birthYear: r.birthYear + (o.yearShift ?? 0),
          regionCode: o.regionCode ?? r.regionCode,
          identity: { fullName: o.name ?? r.name },
        });
        others.push({ target: targets[i]!, id, label: `${r.name} ≠ ${o.name ?? r.name} (${o.why})` });
      }
    }
    const sweep: string[] = [];
    for (const threshold of [0.4, 0.5, 0.6, 0.7, 0.8]) {
      await linkPersonRecords(h().operator(), { threshold });
      const g = await allLinkedGroups(h().services.database.db);
      const eq = (a: string, b: string) => (g.get(a) ?? a) === (g.get(b) ?? b);
      const r = sames.filter((x) => x.evidence !== 3 && eq(x.target, x.id)).length;
      const f = others.filter((o) => eq(o.target, o.id)).length;
      sweep.push(
        `${threshold}: recall ${r}/${sames.filter((x) => x.evidence !== 3).length}, false ${f}/${others.length}`,
      );
    }
    process.stdout.write(`[${h().dialect}] sweep ${sweep.join(' | ')}\n`);
    await linkPersonRecords(h().operator());
    const groupOf = await allLinkedGroups(h().services.database.db);
    const same = (a: string, b: string) => (groupOf.get(a) ?? a) === (groupOf.get(b) ?? b);
    const withYear = sames.filter((s) => s.evidence !== 3);
    const missed = withYear.filter((s) => !same(s.target, s.id));
    const falseLinks = others.filter((o) => same(o.target, o.id));
    const recall = 1 - missed.length / withYear.length;
    const recallAll = sames.filter((s) => same(s.target, s.id)).length / sames.length;
    const falseRate = falseLinks.length / others.length;
    process.stdout.write(
      `[${h().dialect}] linkage (Dice ≥ ${LINKAGE_DICE_THRESHOLD}): recall with a birth year ${(recall * 100).toFixed(1)} % ` +
        `(${withYear.length - missed.length}/${withYear.length}), all variants ${(recallAll * 100).toFixed(1)} %, ` +
        `false links ${(falseRate * 100).toFixed(1)} % (${falseLinks.length}/${others.length})` +
        (missed.length ? `\n  missed: ${missed.map((m) => m.label).join('; ')}` : '') +
        (falseLinks.length ? `\n  false: ${falseLinks.map((m) => m.label).join('; ')}` : '') +
        '\n',
    );
    // The figures docs/indicators.md states; a change to the rule that makes them worse fails here.
    expect(recall).toBeGreaterThanOrEqual(0.72);
    expect(falseRate).toBeLessThanOrEqual(0.06);
  }, 180_000);
  it('walks the records in ranges of ids: a tiny batch gives the same groups as one batch', async () => {
    // Runs after the labelled variants above, so the vault holds hundreds of records and dozens of links.
    const op = h().operator();
    const db = h().services.database.db;
    const sorted = (m: Map<string, string>) => new Map([...m].sort());
    const links: LinkEvidence[] = [];
    const whole = await linkPersonRecords(op, { batchSize: 1_000_000, onLink: (l) => links.push(l) });
    const wholeGroups = await allLinkedGroups(db);
    const tiny = await linkPersonRecords(op, { batchSize: 3 });
    const tinyGroups = await allLinkedGroups(db);
    expect(whole.nameLinks).toBeGreaterThan(20);
    expect(whole.identifierLinks).toBeGreaterThan(0);
    // Three records a batch: nearly every link joins records of different batches (a variant was recorded long
    // after its person, and ids follow time), so a walk that missed pairs across ranges would lose them.
    expect(tiny.batches).toBeGreaterThan(wholeGroups.size / 3);
    expect(whole.batches).toBe(1);
    expect(tiny.candidatesCompared).toBe(whole.candidatesCompared);
    expect(tiny.nameLinks).toBe(whole.nameLinks);
    expect(tiny.identifierLinks).toBe(whole.identifierLinks);
    expect(sorted(tinyGroups)).toEqual(sorted(wholeGroups));
    expect(whole.linkedRecords).toBe(wholeGroups.size);
    expect(whole.groups).toBe(new Set(wholeGroups.values()).size);

    // Before and after the union-find moved into a table: the in-memory one, replayed from the same links, makes
    // the same groups; so does the table with two links a page and a cache of five records (nearly every find
    // reads its chain back from the table).
    expect(sorted(inMemoryGroups(links))).toEqual(sorted(wholeGroups));
    const paged = await linkPersonRecords(op, { pageSize: 2, cacheMax: 5 });
    expect(paged.nameLinks).toBe(whole.nameLinks);
    expect(sorted(await allLinkedGroups(db))).toEqual(sorted(wholeGroups));

    // Blocking the candidates on the province of origin leaves out only pairs the union-find refuses anyway
    // (two known, different provinces; records joined by a document number are not blocked): the same groups
    // and name links as the unblocked walk, from fewer candidates (the fixture's namesakes of other provinces).
    const unblocked = await linkPersonRecords(op, { blockProvinces: false });
    expect(sorted(await allLinkedGroups(db))).toEqual(sorted(wholeGroups));
    expect(unblocked.nameLinks).toBe(whole.nameLinks);
    expect(unblocked.candidatesCompared).toBeGreaterThan(whole.candidatesCompared);
  }, 120_000);
});
