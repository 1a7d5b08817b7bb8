/**
 * Signing in and the user's own account. These go through `request` rather than the typed client: the login
 * steps must not treat a 401 as "the session ended" (quiet401), and /api/auth/me must match index.html's
 * preload of it (credentials "include") so the browser hands that early answer over. Bodies are still checked
 * against the generated contract.
 */
import { type Me, request, type StageResponse, type TotpEnrolment } from '../api.js';
import type { BodyOf, ResponseOf } from './types.js';

export const authApi = {
  me: () => request<Me>('GET', '/api/auth/me', { quiet401: true, preloaded: true }),
  login: (body: BodyOf<'auth.login'>) => request<StageResponse>('POST', '/api/auth/login', { body, quiet401: true }),
  verifyTotp: (body: BodyOf<'auth.totp.verify'>) =>
    request<StageResponse>('POST', '/api/auth/totp/verify', { body, quiet401: true }),
  /** During sign-in (no password asked: the session is fresh). */
  enrolTotpAtLogin: () => request<TotpEnrolment>('POST', '/api/auth/totp/enroll', { quiet401: true }),
  /** From the profile page, with the password again. */
  enrolTotp: (body: BodyOf<'auth.totp.enroll'>) => request<TotpEnrolment>('POST', '/api/auth/totp/enroll', { body }),
  changePassword: (body: BodyOf<'auth.password.change'>) =>
    request<StageResponse>('POST', '/api/auth/password', { body, quiet401: true }),
  updatePreferences: (body: BodyOf<'auth.preferences.update'>) => request<Me>('PATCH', '/api/auth/me', { body }),
  logout: () => request('POST', '/api/auth/logout', { quiet401: true }),
  logoutAll: () => request('POST', '/api/auth/logout-all'),
  /** Unread alerts for the shell's badge (through `request`: preload.ts fetches it early on a cold load). */
  unreadAlerts: () => request<ResponseOf<'alerts.unreadCount'>>('GET', '/api/alerts/unread-count'),
};
