import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { casesApi } from '../../api/cases.js';
import type { Page } from '../../api.js';
import type { PageRequest } from '../../ui/useKeysetList.js';

/** The case file; every tab's data lives under the query key ['case', id, …]. */
export function useCase(id: string) {
  return useQuery({ queryKey: ['case', id], queryFn: () => casesApi.get(id) });
}

/** The case's tasks (the system's follow-ups and the team's own). */
export function useCaseTasks(id: string) {
  return useQuery({ queryKey: ['case', id, 'tasks'], queryFn: () => casesApi.tasks(id) });
}

/** The assessment questionnaires (versioned data: read once every ten minutes at most). */
export function useQuestionnaires() {
  return useQuery({
    queryKey: ['assessments', 'questionnaires'],
    queryFn: casesApi.questionnaires,
    staleTime: 10 * 60_000,
  });
}

/** After a change: the case file, its tabs and the case list are read again. */
export function useCaseRefresh(id: string) {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['case', id] }),
      queryClient.invalidateQueries({ queryKey: ['cases'] }),
      queryClient.invalidateQueries({ queryKey: ['alerts'] }),
    ]);
  };
}

/** A keyset-paginated list of a case (notes, timeline), refreshed with the case (key ['case', id, name]). */
export function useCaseKeyset<T>(
  id: string,
  name: string,
  fetchPage: (id: string, page: PageRequest) => Promise<Page<T>>,
  limit = 50,
) {
  const query = useInfiniteQuery({
    queryKey: ['case', id, name],
    queryFn: ({ pageParam }) => fetchPage(id, { limit, cursor: pageParam ?? undefined }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? null,
  });
  return { ...query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
