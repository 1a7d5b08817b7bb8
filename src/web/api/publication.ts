/** Releases for publication through the typed client: the CTDC preview and file, aggregate tables. */
import { call, client, linkTo } from './client.js';
import type { QueryOf, ResponseOf } from './types.js';

export type AnonymityReport = ResponseOf<'publication.ctdc.preview'>;
export type AggregateRelease = ResponseOf<'publication.aggregate.export'>;
export type CtdcQuery = QueryOf<'publication.ctdc.preview'>;
export type AggregateQuery = QueryOf<'publication.aggregate.export'>;

export const publicationApi = {
  ctdcPreview: (query: CtdcQuery) => call(client.GET('/api/publication/ctdc/preview', { params: { query } })),
  /** The k-anonymous victim-level file (a download link). */
  ctdcFile: (query: CtdcQuery) => linkTo('/api/publication/ctdc', { query }),
  aggregates: (query: AggregateQuery) => call(client.GET('/api/publication/aggregates', { params: { query } })),
  /** The same table as CSV (a download link). */
  aggregatesCsv: (query: AggregateQuery) =>
    linkTo('/api/publication/aggregates', { query: { ...query, format: 'csv' } }),
};
