import { sql } from 'kysely';
import type { Context } from '../../platform/context.js';
import { forbidden } from '../../platform/errors.js';
import { canReadFigures } from './legal.policy.js';
import { t } from './legal.store.js';

/**
 * Law-enforcement figures for evaluation (US TIP report "investigations, prosecutions, convictions"; UNODC GLOTIP
 * persons prosecuted/convicted by sex and form of exploitation), as facts with their definitions. Counts only,
 * never a person-level row.
 */
export interface LegalFact {
  key: string;
  definition: { id: string; en: string };
  value: number | null;
  breakdown?: { dimensions: Record<string, string | null>; value: number }[];
}

const definitions: Record<string, { id: string; en: string }> = {
  investigations: {
    id: 'Proses pidana dengan tanggal laporan polisi dalam periode.',
    en: 'Criminal proceedings whose police report date falls in the period.',
  },
  prosecutions: {
    id: 'Proses pidana yang mencapai tahap penuntutan dalam periode.',
    en: 'Criminal proceedings that reached the prosecution stage in the period.',
  },
  convictions: {
    id: 'Terdakwa yang diputus bersalah pada tingkat pertama dalam periode, menurut jenis kelamin terdakwa dan jenis eksploitasi.',
    en: 'Defendants convicted at first instance in the period, by sex of the defendant and type of exploitation.',
  },
  restitution_ordered_amount: {
    id: 'Jumlah restitusi (rupiah) yang diperintahkan dalam putusan dalam periode.',
    en: 'Restitution (rupiah) ordered in verdicts decided in the period.',
  },
  restitution_paid_amount: {
    id: 'Dari restitusi tersebut, jumlah yang sudah dibayar (rupiah).',
    en: 'Of that restitution, the amount paid so far (rupiah).',
  },
  restitution_paid_share: {
    id: 'Bagian restitusi yang diperintahkan yang sudah dibayar (0–1).',
    en: 'Share of the ordered restitution that was paid (0–1).',
  },
  restitution_claims_paid_in_full: {
    id: 'Klaim restitusi yang diperintahkan dalam periode dan sudah dibayar lunas.',
    en: 'Restitution claims ordered in the period and paid in full.',
  },
  days_report_to_verdict_median: {
    id: 'Median hari dari laporan polisi sampai putusan tingkat pertama, untuk putusan dalam periode.',
    en: 'Median days from the police report to the first-instance verdict, for verdicts in the period.',
  },
};

export const legalFactDefinitions = definitions;

const fact = (key: string, value: number | null, breakdown?: LegalFact['breakdown']): LegalFact => ({
  key,
  definition: definitions[key]!,
  value,
  ...(breakdown ? { breakdown } : {}),
});

/** The facts of a period (dates inclusive), computed by the database (grouped counts and sums). */
export async function legalFacts(ctx: Context, period: { from: string; to: string }): Promise<LegalFact[]> {
  const db = ctx.database.db;
  const { from, to } = period;
  const investigations = await t(db)
    .selectFrom('legal_proceedings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reported_on', '>=', from)
    .where('reported_on', '<=', to)
    .executeTakeFirstOrThrow();
  const prosecutions = await t(db)
    .selectFrom('legal_stage_history')
    .select((eb) => eb.fn.count<number>('proceeding_id').distinct().as('n'))
    .where('stage', '=', 'prosecution')
    .where('on_date', '>=', from)
    .where('on_date', '<=', to)
    .executeTakeFirstOrThrow();
  const convictions = await t(db)
    .selectFrom('legal_verdicts as v')
    .innerJoin('legal_defendants as d', 'd.id', 'v.defendant_id')
    .innerJoin('legal_proceedings as p', 'p.id', 'v.proceeding_id')
    .select(['d.sex', 'p.exploitation_type', (eb) => eb.fn.count<number>('v.defendant_id').distinct().as('n')])
    .where('v.instance', '=', 'first_instance')
    .where('v.outcome', '=', 'convicted')
    .where('v.decided_on', '>=', from)
    .where('v.decided_on', '<=', to)
    .groupBy(['d.sex', 'p.exploitation_type'])
    .execute();
  const restitution = await t(db)
    .selectFrom('restitution_claims as c')
    .select([
      sql<number>`coalesce(sum(c.ordered_amount), 0)`.as('ordered'),
      sql<number>`coalesce(sum(c.paid_amount), 0)`.as('paid'),
      sql<number>`coalesce(sum(case when c.status = 'paid' then 1 else 0 end), 0)`.as('full'),
    ])
    .where('c.ordered_amount', 'is not', null)
    .where('c.proceeding_id', 'in', (eb) =>
      eb
        .selectFrom('legal_verdicts')
        .select('proceeding_id')
        .where('restitution_ordered', '=', 1)
        .where('decided_on', '>=', from)
        .where('decided_on', '<=', to),
    )
    .executeTakeFirstOrThrow();
  const durations = await t(db)
    .selectFrom('legal_verdicts as v')
    .innerJoin('legal_proceedings as p', 'p.id', 'v.proceeding_id')
    .select(['v.decided_on', 'p.reported_on'])
    .where('v.instance', '=', 'first_instance')
    .where('v.decided_on', '>=', from)
    .where('v.decided_on', '<=', to)
    .execute();
  const days = durations
    .map((d) => Math.round((Date.parse(d.decided_on) - Date.parse(d.reported_on)) / 86_400_000))
    .sort((a, b) => a - b);
  const median =
    days.length === 0
      ? null
      : days.length % 2 === 1
        ? days[(days.length - 1) / 2]!
        : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;
  const ordered = Number(restitution.ordered);
  const paid = Number(restitution.paid);
  return [
    fact('investigations', Number(investigations.n)),
    fact('prosecutions', Number(prosecutions.n)),
    fact(
      'convictions',
      convictions.reduce((s, r) => s + Number(r.n), 0),
      convictions.map((r) => ({
        dimensions: { sex: r.sex, exploitationType: r.exploitation_type },
        value: Number(r.n),
      })),
    ),
    fact('restitution_ordered_amount', ordered),
    fact('restitution_paid_amount', paid),
    fact('restitution_paid_share', ordered === 0 ? null : Math.round((paid / ordered) * 1000) / 1000),
    fact('restitution_claims_paid_in_full', Number(restitution.full)),
    fact('days_report_to_verdict_median', median),
  ];
}

/** The same for a caller with aggregate reporting rights. */
export async function getLegalFigures(ctx: Context, period: { from: string; to: string }) {
  if (!canReadFigures(ctx)) throw forbidden();
  const facts = await legalFacts(ctx, period);
  if (!ctx.actor?.aggregateOnly) return { period, facts };
  // Aggregate-only roles never see a count below the small-cell threshold (docs/publication.md): such a count
  // is withheld (null) and such a breakdown cell left out; amounts, shares and medians are not counts of people.
  const min = ctx.config.smallCellMin;
  const small = (n: number | null) => n !== null && n > 0 && n < min;
  return {
    period,
    facts: facts.map((f) =>
      countFacts.has(f.key)
        ? {
            ...f,
            value: small(f.value) ? null : f.value,
            ...(f.breakdown ? { breakdown: f.breakdown.filter((b) => !small(b.value)) } : {}),
          }
        : f,
    ),
  };
}
const countFacts = new Set(['investigations', 'prosecutions', 'convictions', 'restitution_claims_paid_in_full']);
