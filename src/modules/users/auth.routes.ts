import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../platform/context.js';
import { AppError, unauthenticated } from '../../platform/errors.js';
import { typed } from '../../platform/http.js';
import {
  changePassword,
  enrollTotp,
  login,
  logout,
  logoutEverywhere,
  updatePreferences,
  verifyTotp,
} from './auth.authentication.js';
import { CSRF_COOKIE, clearSessionCookies, cookieOptions, SESSION_COOKIE } from './auth.hook.js';
import { meFrom, meJson, resolveSession } from './auth.sessions.js';
import {
  loginResultSchema,
  loginSchema,
  meSchema,
  passwordChangeSchema,
  preferencesSchema,
  type TStage,
  totpVerifySchema,
} from './users.schema.js';

const anyStage = ['active', 'totp', 'totp_enroll', 'password_change'] as const;

export async function authRoutes(app: FastifyInstance, services: Services): Promise<void> {
  const r = typed(app);
  const tags = ['auth'];

  /** Re-reads the session (after a stage change) and answers {stage, me}. */
  async function sessionResult(rawId: string, reply: FastifyReply, status = 200) {
    const s = await resolveSession(services, rawId);
    // The session can end between the step and this read (its agency disabled, a logout elsewhere): 401.
    if (!s || s === 'expired') throw unauthenticated('session_expired');
    return reply.status(status).send({ stage: s.stage, me: meFrom(services, s) });
  }

  r.post('/api/auth/login', {
    config: {
      problems: {
        401: 'Wrong username or password, or the account or its agency is disabled: one answer for all (`invalid_credentials`), so that names cannot be probed.',
      },
      auth: 'public',
      csrf: false,
      rateLimit: { max: 30, timeWindow: '1 minute' },
    },
    schema: {
      operationId: 'auth.login',
      summary: 'Sign in with username and password',
      description:
        'Answers `{stage, me}`. `stage` is `active` (full session), `totp` (send the code to auth.totp.verify), `totp_enroll` (the role needs TOTP: auth.totp.enroll, then auth.totp.verify) or `password_change` (an administrator issued the password: auth.password.change). Until `active`, only auth.me, auth.logout and the call the stage names are allowed. Every failure gets the same 401 (no probing of names); after repeated failures an address is no longer heard for that user, further attempts are slowed, and an address failing far more often is refused (429).',
      tags,
      body: loginSchema,
      response: { 200: loginResultSchema },
    },
    handler: async (req, reply) => {
      const result = await login(req.ctx, req.body.username, req.body.password);
      const s = await resolveSession(services, result.sessionId);
      if (!s || s === 'expired') throw new AppError('unauthenticated', 'invalid_credentials');
      const expires = new Date(s.expiresAt);
      reply.setCookie(SESSION_COOKIE, result.sessionId, cookieOptions(services, true, expires));
      reply.setCookie(CSRF_COOKIE, result.csrfToken, cookieOptions(services, false, expires));
      return { stage: s.stage, me: meFrom(services, s) };
    },
  });

  r.post('/api/auth/logout', {
    config: { stages: anyStage },
    schema: {
      operationId: 'auth.logout',
      summary: 'Sign out: end this session',
      description:
        'Allowed at every session stage. Ends only this session; other devices stay signed in (auth.logoutAll ends them too).',
      tags,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await logout(req.ctx);
      clearSessionCookies(services, reply);
      return reply.status(204).send(null);
    },
  });

  r.post('/api/auth/logout-all', {
    schema: {
      operationId: 'auth.logoutAll',
      summary: 'Sign out everywhere: end every session of the caller',
      description: 'Ends every session of the caller, this one included. Audited.',
      tags,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await logoutEverywhere(req.ctx);
      clearSessionCookies(services, reply);
      return reply.status(204).send(null);
    },
  });

  r.get('/api/auth/me', {
    config: { stages: anyStage },
    schema: {
      operationId: 'auth.me',
      summary: 'The signed-in user: roles, permissions, agency, language and session stage',
      description: 'Allowed at every session stage, so a client can learn what the sign-in still needs (`stage`).',
      tags,
      response: { 200: meSchema },
    },
    // The answer is serialised (and checked against meSchema) once per cached session, not per request.
    handler: async (req, reply) =>
      (reply as FastifyReply).type('application/json; charset=utf-8').send(meJson(services, req.session!)),
  });

  r.patch('/api/auth/me', {
    schema: {
      operationId: 'auth.preferences.update',
      summary: "Change the caller's language (id, en) or time zone (WIB, WITA, WIT)",
      description: 'Any signed-in user, for herself only. Audited.',
      tags,
      body: preferencesSchema,
      response: { 200: meSchema },
    },
    handler: async (req, reply) => {
      await updatePreferences(req.ctx, req.body);
      const s = await resolveSession(services, req.cookies[SESSION_COOKIE]!);
      if (!s || s === 'expired') throw unauthenticated('session_expired');
      return reply.send(meFrom(services, s));
    },
  });

  r.post('/api/auth/password', {
    config: { stages: ['active', 'password_change'] },
    schema: {
      operationId: 'auth.password.change',
      summary: "Change the caller's password (also completes the `password_change` stage)",
      description:
        'The new password is checked for strength (zxcvbn with Indonesian and English dictionaries) and must differ from the current one.',
      tags,
      body: passwordChangeSchema,
      response: { 200: loginResultSchema },
    },
    handler: async (req, reply) => {
      await changePassword(req.ctx, req.session!.stage as TStage, req.body.currentPassword, req.body.newPassword);
      return sessionResult(req.cookies[SESSION_COOKIE]!, reply);
    },
  });

  r.post('/api/auth/totp/enroll', {
    config: { stages: ['active', 'totp_enroll'] },
    schema: {
      operationId: 'auth.totp.enroll',
      summary: 'Start TOTP enrolment (replacing an enrolled authenticator asks for the password)',
      description:
        'Answers a new secret, its otpauth URL and a QR code for the authenticator app; enrolment takes effect only when auth.totp.verify accepts a code from it. Replacing an enrolled authenticator needs the current password.',
      tags,
      body: z.strictObject({ password: z.string().min(1).max(1000).optional() }).optional(),
      response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() }) },
    },
    handler: (req) => enrollTotp(req.ctx, req.session!.stage, req.body?.password),
  });

  r.post('/api/auth/totp/verify', {
    config: { stages: ['active', 'totp', 'totp_enroll'], rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      operationId: 'auth.totp.verify',
      summary: 'Complete sign-in with a TOTP code',
      description: 'Each code is accepted once; a wrong code counts towards the account lock.',
      tags,
      body: totpVerifySchema,
      response: { 200: loginResultSchema },
    },
    handler: async (req, reply) => {
      await verifyTotp(req.ctx, req.session!.stage, req.body.code);
      return sessionResult(req.cookies[SESSION_COOKIE]!, reply);
    },
  });
}
