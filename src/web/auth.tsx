import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { authApi } from './api/auth.js';
import { clearEarlyAnswers, type Me, type Permission, type StageResponse, setSessionEndedHandler } from './api.js';
import { applyLanguage } from './i18n/index.js';
import { rememberSignedIn } from './signed-in.js';

type Status = 'loading' | 'anonymous' | 'pending' | 'active';

interface AuthState {
  status: Status;
  me: Me | null;
  /** Set when the server ended the session under us; the login page says so once. */
  sessionEnded: boolean;
  /** Takes the answer of a login step (login, TOTP, password change). */
  acceptStage: (response: StageResponse) => void;
  /** Replaces the current user's data (after a preference change). */
  setMe: (me: Me) => void;
  logout: () => Promise<void>;
  /** Forgets the session locally (after "log out everywhere"). */
  forget: (ended?: boolean) => void;
  /** Whether the user holds a permission: only the contract's permissions compile (a typo fails `tsc`). */
  can: (permission: Permission) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMeState] = useState<Me | null>(null);
  const [sessionEnded, setSessionEnded] = useState(false);
  const statusRef = useRef<Status>('loading');
  statusRef.current = status;

  const forget = useCallback(
    (ended = false) => {
      setMeState(null);
      setStatus('anonymous');
      setSessionEnded(ended);
      queryClient.clear();
      // Nothing fetched for this session at boot may reach the next one.
      clearEarlyAnswers();
      rememberSignedIn(false);
    },
    [queryClient],
  );

  const acceptStage = useCallback((response: StageResponse) => {
    const next = { ...response.me, stage: response.stage };
    setMeState(next);
    setSessionEnded(false);
    // A login after boot is a new session: answers fetched at boot (for no one or someone else) are dropped.
    if (statusRef.current !== 'loading') clearEarlyAnswers();
    if (response.stage === 'active') {
      rememberSignedIn(true);
      setStatus('active');
      void applyLanguage(next.locale);
    } else {
      setStatus('pending');
    }
  }, []);

  useEffect(() => {
    // Only a session we had can "end"; an anonymous visitor just sees the login page.
    setSessionEndedHandler(() => {
      if (statusRef.current === 'active' || statusRef.current === 'pending') forget(true);
    });
    return () => setSessionEndedHandler(undefined);
  }, [forget]);

  useEffect(() => {
    let cancelled = false;
    authApi
      .me()
      .then((current) => {
        if (cancelled) return;
        acceptStage({ stage: current.stage ?? 'active', me: current });
      })
      .catch(() => {
        if (cancelled) return;
        clearEarlyAnswers();
        rememberSignedIn(false);
        setStatus('anonymous');
      });
    return () => {
      cancelled = true;
    };
  }, [acceptStage]);

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } catch {
      // Logging out of an already-ended session is still logging out.
    }
    forget(false);
  }, [forget]);

  const value = useMemo<AuthState>(
    () => ({
      status,
      me,
      sessionEnded,
      acceptStage,
      setMe: (next) => setMeState(next),
      logout,
      forget,
      can: (permission) => me?.permissions.includes(permission) ?? false,
    }),
    [status, me, sessionEnded, acceptStage, logout, forget],
  );

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in user; only for pages rendered inside the authenticated shell. */
export function useMe(): Me {
  const { me } = useAuth();
  if (!me) throw new Error('useMe without a session');
  return me;
}
