import { prefetchGet } from './api.js';

/**
 * A cold load of a signed-in page on a slow link (a district office: 1.6 Mbit/s, 150 ms) would fetch in series:
 * the HTML, the entry script, /api/auth/me, the application shell, the page's chunk, then the page's data. When
 * this browser was signed in last time, the shell, the page's chunk and its first data are asked for at once,
 * while /api/auth/me is on its way; if the session has ended meanwhile, the data answers 401 and is not used.
 */
const hintKey = 'pulih.signedIn';

/** Remembers on this device whether a session was open (no identity: a flag only). */
export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(hintKey, '1');
    else localStorage.removeItem(hintKey);
  } catch {
    // Private mode without storage: no head start.
  }
}

function wasSignedIn(): boolean {
  try {
    return localStorage.getItem(hintKey) === '1';
  } catch {
    return false;
  }
}

/** The first page of the case list as CaseListPage asks for it with no filter in the address. */
export const caseListFirstPage = { open: 'true', sort: 'newest', limit: 50 } as const;

export function preloadFor(pathname: string, search: string): void {
  if (pathname === '/login' || !wasSignedIn()) return;
  void import('./Shell.js');
  prefetchGet('/api/alerts/unread-count');
  if (pathname === '/') {
    void import('./pages/HomePage.js');
    prefetchGet('/api/workspace/today');
  } else if (pathname === '/cases') {
    void import('./pages/cases/CaseListPage.js');
    // Only the unfiltered list: filters in the address (from the home page's counts) change the query.
    if (search === '') {
      prefetchGet('/api/cases', caseListFirstPage);
      prefetchGet('/api/cases/count', { open: caseListFirstPage.open });
    }
  } else if (/^\/cases\/[0-9a-f-]{36}$/.test(pathname)) {
    void import('./pages/cases/CaseDetailPage.js');
  }
}
