import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Page } from '../api.js';

type Filters = Record<string, string | number | boolean | null | undefined>;

/** A keyset-paginated list: first page, then "load more" with the server's nextCursor. */
export function useKeysetList<T>(
  key: string,
  path: string,
  filters: Filters,
  limit = 50,
  method: 'GET' | 'POST' = 'GET',
) {
  const query = useInfiniteQuery({
    queryKey: [key, 'list', method, path, filters],
    // POST for searches that carry personal data (a name): it travels in the body, never in the URL.
    queryFn: ({ pageParam }) =>
      method === 'POST'
        ? api.post<Page<T>>(
            path,
            Object.fromEntries(
              Object.entries({ ...filters, limit, cursor: pageParam ?? undefined }).filter(
                ([, v]) => v !== undefined && v !== null,
              ),
            ),
          )
        : api.get<Page<T>>(path, { ...filters, limit, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}
