import { Center, Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.js';
import { LoginPage } from './pages/LoginPage.js';

/** The signed-in application loads after login: the login page downloads only itself (route-level splitting). */
const Shell = lazy(async () => ({ default: (await import('./Shell.js')).Shell }));

function Loading({ label }: { label: string }) {
  return (
    <Center h="100vh" component="main">
      <Loader aria-label={label} />
    </Center>
  );
}

function Gate() {
  const { t } = useTranslation();
  const { status, sessionEnded } = useAuth();
  const location = useLocation();
  if (status === 'loading') return <Loading label={t('common.loading')} />;
  const from = (location.state as { from?: string } | null)?.from;
  return (
    <Routes>
      <Route
        path="/login"
        element={status === 'active' ? <Navigate to={from && from !== '/login' ? from : '/'} replace /> : <LoginPage />}
      />
      <Route
        path="*"
        element={
          status === 'active' ? (
            <Suspense fallback={<Loading label={t('common.loading')} />}>
              <Shell />
            </Suspense>
          ) : (
            <Navigate
              to="/login"
              replace
              state={sessionEnded ? { from: location.pathname + location.search } : undefined}
            />
          )
        }
      />
    </Routes>
  );
}

/** Root component: session gate in front of the application shell. */
export function App() {
  return (
    <AuthProvider>
      <Gate />
    </AuthProvider>
  );
}
