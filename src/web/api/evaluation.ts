/** Monitoring and evaluation through the typed client: indicators, dashboards, drill-downs and reports. */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { call, client, linkTo } from './client.js';
import type { operations } from './schema.js';
import type { BodyOf, QueryOf, ResponseOf, RowOf } from './types.js';

export type Indicator = RowOf<'indicators.list'>;
export type Dashboard = ResponseOf<'dashboards.get'>;
export type DashboardKey = Dashboard['key'];
export type DashboardQuery = QueryOf<'dashboards.get'>;
export type Drilldown = ResponseOf<'indicators.drilldown'>;
export type DrillFilters = Omit<QueryOf<'indicators.drilldown'>, 'cursor' | 'limit'>;
/** An indicator's key (from the address: the server answers 404 for one it does not define). */
type IndicatorKey = NonNullable<operations['indicators.drilldown']['parameters']['path']>['key'];
export type Report = RowOf<'reports.list'>;

export const evaluationKeys = {
  indicators: ['indicators', 'list'] as const,
  dashboard: (key: DashboardKey, query: DashboardQuery) => ['dashboards', key, query] as const,
  drill: (key: string, filters: DrillFilters) => ['indicators', 'drill', key, filters] as const,
  reports: ['reports', 'list'] as const,
};

export const evaluationApi = {
  indicators: () => call(client.GET('/api/indicators')),
  dashboard: (key: DashboardKey, query: DashboardQuery) =>
    call(client.GET('/api/dashboards/{key}', { params: { path: { key }, query } })),
  drilldown: (key: string, filters: DrillFilters, cursor?: string) =>
    call(
      client.GET('/api/indicators/{key}/drilldown', {
        params: { path: { key: key as IndicatorKey }, query: { ...filters, limit: 50, cursor } },
      }),
    ),
  reports: () => call(client.GET('/api/reports', { params: { query: { limit: 20 } } })),
  generateReport: (body: BodyOf<'reports.generate'>) => call(client.POST('/api/reports', { body })),
  /** A finished report's file (a download link). */
  reportFile: (id: string) => linkTo('/api/reports/{id}/download', { path: { id } }),
};

export function useIndicators() {
  return useQuery({ queryKey: evaluationKeys.indicators, queryFn: evaluationApi.indicators });
}

export function useDashboard(key: DashboardKey, query: DashboardQuery) {
  return useQuery({
    queryKey: evaluationKeys.dashboard(key, query),
    queryFn: () => evaluationApi.dashboard(key, query),
  });
}

/** The cases behind a figure, page by page. */
export function useDrilldown(key: string, filters: DrillFilters) {
  return useInfiniteQuery({
    queryKey: evaluationKeys.drill(key, filters),
    queryFn: ({ pageParam }) => evaluationApi.drilldown(key, filters, pageParam ?? undefined),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
}
