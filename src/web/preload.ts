import { bootPrefetch } from './api/boot.js';
import { caseListFirstPage } from './pages/cases/first-page.js';
import { wasSignedIn } from './signed-in.js';

/**
 * A cold load of a signed-in page on a slow link (a district office: 1.6 Mbit/s, 150 ms) would fetch in series:
 * the HTML, the entry script, /api/auth/me, the application shell, the page's chunk, then the page's data. When
 * this browser was signed in last time, the shell, the page's chunk and its first data are asked for at once,
 * while /api/auth/me is on its way; if the session has ended meanwhile, the data answers 401 and is not used.
 */

export function preloadFor(pathname: string, search: string): void {
  if (pathname === '/login' || !wasSignedIn()) return;
  void import('./Shell.js');
  bootPrefetch.unreadAlerts();
  if (pathname === '/') {
    void import('./pages/HomePage.js');
    bootPrefetch.today();
  } else if (pathname === '/cases') {
    void import('./pages/cases/CaseListPage.js');
    // Only the unfiltered list: filters in the address (from the home page's counts) change the query.
    if (search === '') bootPrefetch.caseList(caseListFirstPage);
  } else if (/^\/cases\/[0-9a-f-]{36}$/.test(pathname)) {
    void import('./pages/cases/CaseDetailPage.js');
  }
}
