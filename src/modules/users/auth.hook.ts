import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { localeFromHeader } from '../../platform/i18n/index.js';
import { csrfMatches, type ResolvedSession, resolveSession } from './auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    session?: ResolvedSession;
  }
}

export const SESSION_COOKIE = 'pulih_session';
export const CSRF_COOKIE = 'pulih_csrf';
const mutating = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Cookie options: HttpOnly for the session, readable for the CSRF token; SameSite=Strict for both. */
export function cookieOptions(services: Services, httpOnly: boolean, expires?: Date) {
  const secure =
    services.config.cookieSecure === 'auto'
      ? services.config.baseUrl.startsWith('https:')
      : services.config.cookieSecure;
  return { path: '/', httpOnly, sameSite: 'strict' as const, secure, ...(expires ? { expires } : {}) };
}

export function clearSessionCookies(services: Services, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(services, true));
  reply.clearCookie(CSRF_COOKIE, cookieOptions(services, false));
}

/**
 * Builds every request's context: locale, then (unless the route is public) the session, the CSRF check
 * on mutations and the login-stage gate. Runs before validation so an anonymous caller learns nothing.
 */
export function installAuthentication(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    request.ctx = {
      ...services,
      actor: null,
      locale: localeFromHeader(request.headers['accept-language']),
      ip: request.ip,
      requestId: request.id,
    };
    const config = request.routeOptions.config;
    // The interactive API docs are public; the operations they describe are not.
    if (!request.url.startsWith('/api/') || config?.auth === 'public' || request.url.startsWith('/api/docs')) return;
    const raw = request.cookies[SESSION_COOKIE];
    const session = raw ? await resolveSession(services, raw) : null;
    if (!session || session === 'expired') {
      if (raw) clearSessionCookies(services, reply);
      throw new AppError('unauthenticated', raw ? 'session_expired' : 'unauthenticated');
    }
    request.session = session;
    request.ctx.actor = session.actor;
    // The user's saved language wins over the browser's.
    request.ctx.locale = session.locale;
    if (
      mutating.has(request.method) &&
      config?.csrf !== false &&
      !csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)
    ) {
      throw new AppError('forbidden', 'csrf_invalid');
    }
    const stages = config?.stages ?? ['active'];
    if (!stages.includes(session.stage))
      throw new AppError('forbidden', 'session_incomplete', { stage: session.stage });
  });
}
