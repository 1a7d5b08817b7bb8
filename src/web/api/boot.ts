/**
 * The GETs the boot starts before the page's code has arrived (preload.ts): the same calls as workspaceApi and
 * authApi make through `request`, whose first GET of the same URL takes the early answer. Paths are the contract's.
 */
import { prefetchGet } from '../api.js';
import type { QueryOf } from './types.js';

export const bootPrefetch = {
  unreadAlerts: () => prefetchGet('/api/alerts/unread-count'),
  today: () => prefetchGet('/api/workspace/today'),
  /** The case list's first page and its count, for the filters the list page starts with. */
  caseList: (first: Pick<QueryOf<'cases.list'>, 'open' | 'sort' | 'limit'>) => {
    prefetchGet('/api/cases', first);
    prefetchGet('/api/cases/count', { open: first.open });
  },
};
