import { useInfiniteQuery } from '@tanstack/react-query';
import { type ApiPath, api, type Page } from '../api.js';

type Filters = Record<string, string | number | boolean | null | undefined>;

/** Which page to fetch: the server's cursor (none for the first) and the page size. */
export interface PageRequest {
  cursor?: string;
  limit: number;
}

/**
 * A keyset-paginated list read through a typed API call (src/web/api/*): first page, then "load more" with the
 * server's nextCursor. `key` names the list in the query cache (filters included).
 */
export function useKeysetPages<T>(
  key: readonly unknown[],
  fetchPage: (page: PageRequest) => Promise<Page<T>>,
  limit = 50,
) {
  const query = useInfiniteQuery({
    queryKey: [...key, limit],
    queryFn: ({ pageParam }) => fetchPage({ cursor: pageParam ?? undefined, limit }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

/** A keyset-paginated list by URL: first page, then "load more" with the server's nextCursor. */
export function useKeysetList<T>(
  key: string,
  path: ApiPath,
  filters: Filters,
  limit = 50,
  method: 'GET' | 'POST' = 'GET',
) {
  return useKeysetPages<T>(
    [key, 'list', method, path, filters],
    ({ cursor, limit }) =>
      method === 'POST'
        ? // POST for searches that carry personal data (a name): it travels in the body, never in the URL.
          api.post<Page<T>>(path, given({ ...filters, limit, cursor }))
        : api.get<Page<T>>(path, { ...filters, limit, cursor }),
    limit,
  );
}

const given = (body: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined && v !== null));

/** The filters that were given (an empty one is not sent, as buildUrl does for a GET). */
export function withoutEmpty<F extends Record<string, unknown>>(filters: F): Partial<F> {
  return Object.fromEntries(
    Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ) as Partial<F>;
}
