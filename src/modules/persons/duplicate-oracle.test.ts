import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';

/**
 * The duplicate check is not an oracle, from the attacker's side: another agency's case worker (who may run
 * the check) asking "is this NIK a trafficking victim, and where?" again and again.
 */

const NIK = '5371014709950007';
const NAME = 'Maria Goreti Bria';

describeEachDatabase(
  'duplicate check limits, fingerprints and holder alerts',
  (h) => {
    const db = () => h().services.database.db;

    it('keeps a keyed fingerprint of what was searched (never the value) and tells the holder, without the query', async () => {
      const ntt = await h().login('caseworker.ntt');
      const created = await ntt.post('/api/cases', {
        referralSource: 'police',
        person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71' },
        identity: { fullName: NAME, nik: NIK },
      });
      expect(created.statusCode, created.body).toBe(201);
      const personId = created.json().personId as string;

      const outsider = await h().provision('cw.jabar.oracle', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      const other = await h().provision('cw2.jabar.oracle', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      const first = await outsider.post('/api/persons/duplicates/check', { nik: NIK });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json().matches).toEqual([
        { heldBy: expect.objectContaining({ agencyName: 'UPTD PPA Provinsi Nusa Tenggara Timur' }) },
      ]);
      expect((await other.post('/api/persons/duplicates/check', { nik: ` ${NIK}` })).statusCode).toBe(200);

      const events = (
        await sql<{
          actor_username: string;
          details: unknown;
        }>`select actor_username, details from audit_events where action = 'persons.duplicates.check' and outcome = 'success' order by seq`.execute(
          db(),
        )
      ).rows.map((r) => ({
        who: r.actor_username,
        d: h().services.database.adapter.fromJson<{ fingerprints: { nik: string }; matchedPersonIds: string[] }>(
          r.details,
        ),
      }));
      const mine = events.filter((e) => e.who.includes('jabar.oracle'));
      expect(mine).toHaveLength(2);
      // The DPO sees two people looked for the same person (same print), and which person matched.
      expect(mine[0]!.d.fingerprints.nik).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(mine[0]!.d.fingerprints.nik).toBe(mine[1]!.d.fingerprints.nik);
      expect(mine[0]!.d.matchedPersonIds).toEqual([personId]);
      const auditText = (await sql<{ r: string }>`select details as r from audit_events`.execute(db())).rows
        .map((r) => JSON.stringify(r.r))
        .join('\n');
      expect(auditText).not.toContain(NIK);

      // The holding agency is told another agency's check matched its person — not what was asked.
      const sup = await h().login('supervisor.ntt');
      const alerts = (await sup.get(`/api/alerts?limit=200&entityId=${personId}`)).json().items as {
        kind: string;
        entityId: string;
        params: unknown;
      }[];
      const told = alerts.filter((a) => a.kind === 'duplicate_check_matched');
      expect(told.length).toBeGreaterThanOrEqual(1);
      expect(told[0]!.entityId).toBe(personId);
      expect(JSON.stringify(told)).not.toContain(NIK);
      expect(JSON.stringify(told)).not.toContain('Goreti');
    });

    it('limits checks per user (parallel checks all count) and alerts the DPO once; the next hour opens again', async () => {
      const prober = await h().provision('cw3.jabar.oracle', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          prober.post('/api/persons/duplicates/check', { nik: `53710147099500${String(10 + i)}` }),
        ),
      );
      const codes = answers.map((a) => a.statusCode).sort();
      expect(codes).toEqual([200, 200, 200, 429, 429, 429]);
      expect(answers.find((a) => a.statusCode === 429)!.json().code).toBe('duplicate_check_limit');
      const dpo = await h().login('dpo');
      const volume = ((await dpo.get('/api/alerts')).json().items as { kind: string }[]).filter(
        (a) => a.kind === 'duplicate_check_volume',
      );
      expect(volume).toHaveLength(1);
      h().clock.advance(61 * 60_000);
      const again = await h().login('cw3.jabar.oracle');
      expect((await again.post('/api/persons/duplicates/check', { nik: NIK })).statusCode).toBe(200);
    });
  },
  { env: { PULIH_DUPLICATE_CHECKS_PER_USER_HOUR: '3' } },
);

describeEachDatabase(
  'duplicate check limit per agency',
  (h) => {
    it('counts every check of an agency together (parallel ones too): its staff share the limit, others keep theirs', async () => {
      const first = await h().provision('cw1.jabar.agency', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      const second = await h().provision('cw2.jabar.agency', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
      for (let i = 0; i < 3; i++) {
        const res = await first.post('/api/persons/duplicates/check', { nik: `53710147099600${String(10 + i)}` });
        expect(res.statusCode, res.body).toBe(200);
      }
      // Each of them is far under the per-user limit; together they pass the agency's 4 an hour.
      const answers = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          second.post('/api/persons/duplicates/check', { nik: `53710147099600${String(20 + i)}` }),
        ),
      );
      expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 429, 429]);
      expect(answers.find((a) => a.statusCode === 429)!.json().code).toBe('duplicate_check_limit');
      // Another agency's case worker is not held by the Jawa Barat office's volume.
      const ntt = await h().login('caseworker.ntt');
      expect((await ntt.post('/api/persons/duplicates/check', { nik: NIK })).statusCode).toBe(200);
      const dpo = await h().login('dpo');
      const volume = (
        (await dpo.get('/api/alerts')).json().items as { kind: string; entityType: string; params: { scope: string } }[]
      ).filter((a) => a.kind === 'duplicate_check_volume');
      expect(volume.map((a) => a.params.scope)).toEqual(['agency']);
      const denied = (
        await sql<{
          details: unknown;
        }>`select details from audit_events where action = 'persons.duplicates.check' and outcome = 'denied'`.execute(
          h().services.database.db,
        )
      ).rows.map((r) => JSON.stringify(r.details));
      expect(denied).toHaveLength(2);
      for (const d of denied) expect(d).toContain('agency_limit');
    });
  },
  { env: { PULIH_DUPLICATE_CHECKS_PER_USER_HOUR: '100', PULIH_DUPLICATE_CHECKS_PER_AGENCY_HOUR: '4' } },
);
