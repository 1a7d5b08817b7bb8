/**
 * Releases for publication (docs/publication.md): a CTDC-grade victim-level file, k-anonymous over its
 * quasi-identifiers, and aggregate tables with small cells suppressed. Both read the cases module's
 * facts (no identity) in pages; each release writes one audit event naming what was released.
 */
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { discard, type OffloadTask, offload } from '../../platform/offload.js';
import { Slices } from '../../platform/slices.js';
import { type CaseFact, streamCaseFacts } from '../cases/index.js';
import { ageBand, ctdcHierarchies, ctdcRow } from './ctdc.js';
import { type AnonymityReport, anonymise, CodedTable } from './kanon.js';
import { publicationAudit } from './publication.audit.js';
import { aggregateReleaseScope, requireVictimLevelRelease } from './publication.policy.js';
import type { AggregateDimension, TAggregateQuery, TCtdcQuery } from './publication.schema.js';

/** What a CTDC release answers before its rows: the columns and what the anonymisation achieved. */
export interface CtdcHead {
  columns: string[];
  report: AnonymityReport;
}

/** A victim-level release: its report and its rows as CSV bytes, produced as the client reads them. */
export interface CtdcRelease extends CtdcHead {
  csv: AsyncIterable<string | Uint8Array>;
}

/**
 * The anonymisation and the CSV of a release, as one piece of long work: a national release is a minute of CPU at a
 * million cases, run on the API's work thread (platform/offload.ts; issue 8: no request stalls the others). Without
 * `rows`, only the report (a preview).
 */
export const ctdcReleaseTask: OffloadTask<{ query: TCtdcQuery; rows: boolean }, CtdcHead> = {
  name: 'publication.ctdcRelease',
  async run(ctx, { query, rows }) {
    await requireVictimLevelRelease(ctx);
    const k = query.k ?? ctx.config.releaseK;
    const table = new CodedTable(ctdcHierarchies);
    // In process (the CLI, tests) this runs on the caller's event loop: cut into slices so that other work still
    // gets its turn (platform/slices.ts). k-anonymity is decided over the whole table.
    const slices = new Slices();
    for await (const page of streamCaseFacts(ctx, { fromYear: query.fromYear, toYear: query.toYear })) {
      for (let i = 0; i < page.length; i++) {
        if ((i & 511) === 511 && slices.due()) await slices.yield();
        table.add(ctdcRow(page[i] as CaseFact));
      }
    }
    const { generalisation, kept, report } = await anonymise(table, k, ctx.config.releaseMaxSuppressedShare, slices);
    const columns = ctdcHierarchies.map((h) => h.column);
    function* values(): Generator<string[]> {
      for (const row of kept) yield generalisation.valuesOf(row);
    }
    return {
      head: { columns, report },
      body: rows ? Readable.from(values()).pipe(stringify({ header: true, columns })) : Readable.from([]),
    };
  },
};

/** What a CTDC release would achieve (k, suppression, loss), without releasing a row. */
export async function previewCtdcRelease(ctx: Context, query: TCtdcQuery): Promise<AnonymityReport> {
  await requireVictimLevelRelease(ctx);
  const release = await offload(ctx, ctdcReleaseTask, { query, rows: false });
  await discard(release);
  return release.head.report;
}

/** The k-anonymous victim-level release; audited before the first row leaves. */
export async function releaseCtdc(ctx: Context, query: TCtdcQuery): Promise<CtdcRelease> {
  await requireVictimLevelRelease(ctx);
  const release = await offload(ctx, ctdcReleaseTask, { query, rows: true });
  try {
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        ...publicationAudit.ctdcExported,
        details: { query, report: release.head.report },
      }),
    );
  } catch (error) {
    await discard(release);
    throw error;
  }
  return { ...release.head, csv: release.body };
}

/* ---------- aggregate tables ---------- */

/** One cell of an aggregate table: its dimension values and the count, or null when suppressed. */
export interface AggregateCell {
  values: Record<string, string>;
  victims: number | null;
}
export interface AggregateRelease {
  dimensions: AggregateDimension[];
  smallCellMin: number;
  cells: AggregateCell[];
  suppressedCells: number;
}

/** A fact's values along one dimension; exploitation type is multi-valued (a victim counts once per type). */
function dimensionValues(fact: CaseFact, dimension: AggregateDimension): string[] {
  switch (dimension) {
    case 'year':
      return [String(fact.registeredYear)];
    case 'sex':
      return [fact.sex ?? 'NonSpecifiedUnknown'];
    case 'ageGroup': {
      const band = ageBand(fact.age);
      // Law 35/2014 Art. 1(1): a child is under 18; an unknown age is reported as such, not guessed.
      return [band === '' ? 'unknown' : band === '0--8' || band === '9--17' ? 'child' : 'adult'];
    }
    case 'exploitationType':
      return fact.exploitationTypes.length ? fact.exploitationTypes : ['unknown'];
    case 'province':
      return [fact.province ?? 'unknown'];
    case 'citizenship':
      return [fact.citizenship ?? 'unknown'];
    case 'citizenshipGroup':
      return [fact.citizenship === null ? 'unknown' : fact.citizenship === 'ID' ? 'national' : 'foreign'];
  }
}

/** Counts of victims by the chosen dimensions in the caller's scope; cells below the threshold suppressed. */
export async function releaseAggregates(ctx: Context, query: TAggregateQuery): Promise<AggregateRelease> {
  const scope = await aggregateReleaseScope(ctx);
  const dimensions = query.by;
  const counts = new Map<string, number>();
  for await (const page of streamCaseFacts(ctx, { fromYear: query.fromYear, toYear: query.toYear, scope })) {
    for (const fact of page) {
      let keys: string[][] = [[]];
      for (const dimension of dimensions) {
        const values = dimensionValues(fact, dimension);
        keys = keys.flatMap((prefix) => values.map((v) => [...prefix, v]));
      }
      for (const key of keys) {
        const id = JSON.stringify(key);
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  }
  const min = ctx.config.smallCellMin;
  let suppressedCells = 0;
  const cells = [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, count]) => {
      const values = JSON.parse(id) as string[];
      const small = count < min;
      if (small) suppressedCells++;
      return {
        values: Object.fromEntries(dimensions.map((d, i) => [d, values[i] as string])),
        victims: small ? null : count,
      };
    });
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      ...publicationAudit.aggregateExported,
      details: { query, scope: scope.kind, cells: cells.length, suppressedCells },
    }),
  );
  return { dimensions, smallCellMin: min, cells, suppressedCells };
}
