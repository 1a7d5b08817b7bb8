import { type ComponentType, lazy } from 'react';

/**
 * Pages load on first visit (route-level code splitting): the login page and the case list download only what
 * they show, and a district office on 1.6 Mbit/s waits for the case list, not for the privacy office or the
 * legal register. Each import() below is a chunk of its own; code shared by the pages of an area (cases,
 * legal, prevention…) goes into chunks those pages share, fetched once.
 */
function page<M>(load: () => Promise<M>, name: keyof M): ComponentType {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

// Workspace: the landing page and the supervisor's queue and team.
export const HomePage = page(() => import('./pages/HomePage.js'), 'HomePage');
export const ApprovalsPage = page(() => import('./pages/workspace/ApprovalsPage.js'), 'ApprovalsPage');
export const TeamPage = page(() => import('./pages/workspace/TeamPage.js'), 'TeamPage');
// Cases: the list apart from the case record, which is much larger (its tabs).
export const CaseListPage = page(() => import('./pages/cases/CaseListPage.js'), 'CaseListPage');
export const CaseDetailPage = page(() => import('./pages/cases/CaseDetailPage.js'), 'CaseDetailPage');
export const IntakePage = page(() => import('./pages/cases/IntakePage.js'), 'IntakePage');
// Administration.
export const AgenciesPage = page(() => import('./pages/AgenciesPage.js'), 'AgenciesPage');
export const UsersPage = page(() => import('./pages/UsersPage.js'), 'UsersPage');
export const RolesPage = page(() => import('./pages/RolesPage.js'), 'RolesPage');
export const AuditPage = page(() => import('./pages/AuditPage.js'), 'AuditPage');
export const BreakGlassPage = page(() => import('./pages/access/BreakGlassPage.js'), 'BreakGlassPage');
export const PrivacyOfficePage = page(() => import('./pages/privacy/PrivacyOfficePage.js'), 'PrivacyOfficePage');
// Referrals and exchange.
export const ReferralInboxPage = page(() => import('./pages/referrals/ReferralInboxPage.js'), 'ReferralInboxPage');
export const ReferralPage = page(() => import('./pages/referrals/ReferralPage.js'), 'ReferralPage');
export const DirectoryPage = page(() => import('./pages/directory/DirectoryPage.js'), 'DirectoryPage');
export const ExchangePage = page(() => import('./pages/exchange/ExchangePage.js'), 'ExchangePage');
// Tips, prevention, legal, publication.
export const TipsQueuePage = page(() => import('./pages/tips/TipsQueuePage.js'), 'TipsQueuePage');
export const TipPage = page(() => import('./pages/tips/TipPage.js'), 'TipPage');
export const ProgrammesPage = page(() => import('./pages/prevention/ProgrammesPage.js'), 'ProgrammesPage');
export const ProgrammePage = page(() => import('./pages/prevention/ProgrammePage.js'), 'ProgrammePage');
export const BudgetsPage = page(() => import('./pages/prevention/BudgetsPage.js'), 'BudgetsPage');
export const LegalPage = page(() => import('./pages/legal/LegalPage.js'), 'LegalPage');
export const NewProceedingPage = page(() => import('./pages/legal/NewProceedingPage.js'), 'NewProceedingPage');
export const ProceedingPage = page(() => import('./pages/legal/ProceedingPage.js'), 'ProceedingPage');
export const PublicationPage = page(() => import('./pages/publication/PublicationPage.js'), 'PublicationPage');
export const ServiceAccountsPage = page(
  () => import('./pages/serviceaccounts/ServiceAccountsPage.js'),
  'ServiceAccountsPage',
);
// Everyone's.
export const AlertsPage = page(() => import('./pages/AlertsPage.js'), 'AlertsPage');
export const ProfilePage = page(() => import('./pages/ProfilePage.js'), 'ProfilePage');
// Evaluation: dashboards (with the charting library) and drill-downs.
export const DashboardPage = page(() => import('./pages/evaluation/DashboardPage.js'), 'DashboardPage');
export const DrilldownPage = page(() => import('./pages/evaluation/DrilldownPage.js'), 'DrilldownPage');
