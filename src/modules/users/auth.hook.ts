import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context, Services } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { localeFromHeader } from '../../platform/i18n/index.js';
import {
  cachedSessionFor,
  csrfMatches,
  type ResolvedSession,
  resolveSessionByHash,
  sessionIdHash,
} from './auth.service.js';

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
 * A session resolved in the last few seconds is answered synchronously from the session cache.
 */
export function installAuthentication(app: FastifyInstance, services: Services): void {
  app.decorateRequest('ctx', null as unknown as Context);
  app.decorateRequest('session', undefined);
  const { database, keyring, config, clock, log } = services;
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    request.ctx = {
      database,
      keyring,
      config,
      clock,
      log,
      actor: null,
      locale: localeFromHeader(request.headers['accept-language']),
      ip: request.ip,
      requestId: request.id,
    };
    const routeConfig = request.routeOptions.config;
    if (routeConfig?.auth === 'public' || !needsSession(request)) return done();
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return done(new AppError('unauthenticated', 'unauthenticated'));
    const idHash = sessionIdHash(raw);
    const cached = cachedSessionFor(services, idHash);
    if (cached) return done(admit(request, routeConfig, cached));
    resolveSessionByHash(services, idHash).then((session) => {
      let refusal: Error | undefined;
      try {
        if (!session || session === 'expired') {
          clearSessionCookies(services, reply);
          refusal = new AppError('unauthenticated', 'session_expired');
        } else refusal = admit(request, routeConfig, session);
      } catch (error) {
        refusal = error as Error;
      }
      done(refusal);
    }, done);
  });
}

/** Decodes a request path as the router does ('/%61pi/cases' is '/api/cases'); undecodable stays as sent. */
function decodedPath(url: string): string {
  const path = url.split('?', 1)[0] ?? '';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const isApi = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/docs');

/**
 * Whether a request must carry a session: by the route it matched AND by its decoded path, so a
 * percent-encoded spelling of an API path cannot skip the check. The interactive API docs are public;
 * the operations they describe are not.
 */
function needsSession(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return (route !== undefined && isApi(route)) || isApi(decodedPath(request.url)) || isApi(request.url);
}

/** Puts the session on the request; the CSRF check and the login-stage gate. Returns the refusal, if any. */
function admit(
  request: FastifyRequest,
  routeConfig: FastifyContextConfig | undefined,
  session: ResolvedSession,
): AppError | undefined {
  request.session = session;
  request.ctx.actor = session.actor;
  // The user's saved language wins over the browser's.
  request.ctx.locale = session.locale;
  if (
    mutating.has(request.method) &&
    routeConfig?.csrf !== false &&
    !csrfMatches(session, request.headers['x-csrf-token'] as string | undefined)
  ) {
    return new AppError('forbidden', 'csrf_invalid');
  }
  const stages = routeConfig?.stages ?? ['active'];
  if (!stages.includes(session.stage)) return new AppError('forbidden', 'session_incomplete', { stage: session.stage });
  return undefined;
}
