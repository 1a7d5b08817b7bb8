import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth.js';
import { LoginPage } from './pages/LoginPage.js';
import { Shell } from './Shell.js';

function Gate() {
  const { t } = useTranslation();
  const { status, sessionEnded } = useAuth();
  const location = useLocation();
  if (status === 'loading') {
    return (
      <Center h="100vh" component="main">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
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
            <Shell />
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
