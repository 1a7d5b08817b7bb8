import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Button,
  Center,
  Group,
  Indicator,
  Loader,
  NavLink,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import { authApi } from './api/auth.js';
import type { Permission } from './api.js';
import { useAuth, useMe } from './auth.js';
import {
  AgenciesPage,
  AlertsPage,
  ApprovalsPage,
  AuditPage,
  BreakGlassPage,
  BudgetsPage,
  CaseDetailPage,
  CaseListPage,
  DashboardPage,
  DirectoryPage,
  DrilldownPage,
  ExchangePage,
  HomePage,
  IntakePage,
  LegalPage,
  NewProceedingPage,
  PrivacyOfficePage,
  ProceedingPage,
  ProfilePage,
  ProgrammePage,
  ProgrammesPage,
  PublicationPage,
  ReferralInboxPage,
  ReferralPage,
  RolesPage,
  ServiceAccountsPage,
  TeamPage,
  TipPage,
  TipsQueuePage,
  UsersPage,
} from './lazyPages.js';
import { evaluationPermissions } from './pages/evaluation/permissions.js';
import { exchangePermissions } from './pages/exchange/permissions.js';
import { NotAllowedPage, NotFoundPage } from './pages/NotFoundPage.js';
import { privacyPermissions } from './pages/privacy/permissions.js';
import { publicationPermissions } from './pages/publication/permissions.js';
import { LanguageSwitch } from './ui/LanguageSwitch.js';

interface NavItem {
  path: string;
  key: string;
  /** Shown to users holding any of these permissions. */
  permission?: Permission | readonly Permission[];
  element: ReactNode;
}

const navItems: NavItem[] = [
  { path: '/', key: 'nav.home', element: <HomePage /> },
  { path: '/cases', key: 'nav.cases', permission: 'cases.read', element: <CaseListPage /> },
  { path: '/approvals', key: 'approvals.title', permission: 'cases.approve', element: <ApprovalsPage /> },
  { path: '/team', key: 'team.title', permission: 'cases.approve', element: <TeamPage /> },
  { path: '/agencies', key: 'nav.agencies', permission: 'agencies.read', element: <AgenciesPage /> },
  { path: '/users', key: 'nav.users', permission: 'users.read', element: <UsersPage /> },
  {
    path: '/service-accounts',
    key: 'serviceAccounts.nav',
    permission: 'serviceAccounts.manage',
    element: <ServiceAccountsPage />,
  },
  { path: '/roles', key: 'nav.roles', permission: 'roles.read', element: <RolesPage /> },
  { path: '/audit', key: 'nav.audit', permission: 'audit.read', element: <AuditPage /> },
  { path: '/privacy', key: 'privacy.nav', permission: privacyPermissions, element: <PrivacyOfficePage /> },
  { path: '/access', key: 'access.nav', permission: 'access.breakGlass', element: <BreakGlassPage /> },
  {
    path: '/referrals',
    key: 'nav.referrals',
    permission: ['referrals.receive', 'referrals.manage'],
    element: <ReferralInboxPage />,
  },
  { path: '/tips', key: 'tips.nav', permission: 'tips.read', element: <TipsQueuePage /> },
  { path: '/prevention', key: 'prevention.nav', permission: 'programmes.read', element: <ProgrammesPage /> },
  { path: '/budgets', key: 'prevention.budgetsNav', permission: 'budgets.read', element: <BudgetsPage /> },
  { path: '/directory', key: 'nav.directory', permission: 'agencies.read', element: <DirectoryPage /> },
  { path: '/exchange', key: 'nav.exchange', permission: exchangePermissions, element: <ExchangePage /> },
  {
    path: '/legal',
    key: 'nav.legal',
    permission: ['legal.read', 'legal.manage', 'protection.manage'],
    element: <LegalPage />,
  },
  { path: '/evaluation', key: 'evaluation.nav', permission: evaluationPermissions, element: <DashboardPage /> },
  { path: '/publication', key: 'publication.nav', permission: publicationPermissions, element: <PublicationPage /> },
  { path: '/alerts', key: 'nav.alerts', element: <AlertsPage /> },
  { path: '/profile', key: 'nav.profile', element: <ProfilePage /> },
];

function AlertsBell() {
  const { t } = useTranslation();
  const unread = useQuery({
    queryKey: ['alerts', 'unread-count'],
    queryFn: authApi.unreadAlerts,
    refetchInterval: 60_000,
  });
  const count = unread.data?.count ?? 0;
  return (
    <Indicator label={count} size={18} disabled={count === 0} color="red" offset={4}>
      <ActionIcon
        component={Link}
        to="/alerts"
        variant="subtle"
        size="lg"
        aria-label={t('alerts.bell', { count })}
        data-testid="alerts-bell"
      >
        <BellIcon />
      </ActionIcon>
    </Indicator>
  );
}

function BellIcon() {
  return (
    <svg
      width="22"
      height="22"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9" />
      <path d="M13.73 21a2 2 0 0 1-3.46 0" />
    </svg>
  );
}

/** The signed-in application: header, permission-filtered navigation, pages. */
export function Shell() {
  const { t } = useTranslation();
  const me = useMe();
  const { can, logout } = useAuth();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const allowed = (permission: NavItem['permission']) =>
    !permission || (typeof permission === 'string' ? can(permission) : permission.some((p) => can(p)));
  const visible = navItems.filter((item) => allowed(item.permission));

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 240, breakpoint: 'md', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <AppShell.Header component="header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="md"
              size="sm"
              aria-label={opened ? t('nav.close') : t('nav.open')}
            />
            <Text component={Link} to="/" fw={700} fz="xl" c="blue.9" td="none" data-testid="app-name">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Box visibleFrom="sm" ta="right" data-testid="current-user">
              <Text size="sm" fw={600} lh={1.2}>
                {me.displayName}
              </Text>
              <Text size="xs" c="gray.7" lh={1.2}>
                {me.agency.name}
              </Text>
            </Box>
            <LanguageSwitch />
            <AlertsBell />
            <Button variant="default" size="xs" onClick={() => void logout()} data-testid="logout">
              {t('nav.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      {/* Scrolls when its links outgrow the window (a laptop at 768 px holds fewer than the full set). */}
      <AppShell.Navbar p="sm" component="nav" aria-label={t('nav.label')} style={{ overflowY: 'auto' }}>
        <Stack gap={2}>
          {visible.map((item) => (
            <NavLink
              key={item.path}
              component={Link}
              to={item.path}
              label={t(item.key)}
              active={item.path === '/' ? location.pathname === '/' : location.pathname.startsWith(item.path)}
              aria-current={location.pathname === item.path ? 'page' : undefined}
              onClick={close}
              data-testid={`nav-${item.path === '/' ? 'home' : item.path.slice(1)}`}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main component="main" id="main" tabIndex={-1}>
        {/* A page's code arrives on its first visit (lazyPages.ts); the header and navigation stay meanwhile. */}
        <Suspense
          fallback={
            <Center py="xl">
              <Loader aria-label={t('common.loading')} />
            </Center>
          }
        >
          <Routes>
            {navItems.map((item) => (
              <Route
                key={item.path}
                path={item.path}
                element={allowed(item.permission) ? item.element : <NotAllowedPage />}
              />
            ))}
            {/* Pages reached from a list rather than the navigation. */}
            <Route path="/cases/new" element={can('cases.create') ? <IntakePage /> : <NotAllowedPage />} />
            <Route path="/cases/:id" element={can('cases.read') ? <CaseDetailPage /> : <NotAllowedPage />} />
            <Route
              path="/referrals/:rid"
              element={allowed(['referrals.receive', 'referrals.manage']) ? <ReferralPage /> : <NotAllowedPage />}
            />
            <Route path="/legal/new" element={can('legal.manage') ? <NewProceedingPage /> : <NotAllowedPage />} />
            <Route path="/legal/proceedings/:id" element={<ProceedingPage />} />
            <Route path="/tips/:id" element={can('tips.read') ? <TipPage /> : <NotAllowedPage />} />
            <Route path="/prevention/:id" element={can('programmes.read') ? <ProgrammePage /> : <NotAllowedPage />} />
            <Route
              path="/evaluation/drill/:key"
              element={can('reports.aggregate') ? <DrilldownPage /> : <NotAllowedPage />}
            />
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
