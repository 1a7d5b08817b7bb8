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
} from './auth.sessions.js';
import { auditTokenUse, resolveServiceToken } from './service-accounts.service.js';

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
  installTokenAudit(app);
  const { database, keyring, config, clock, log, auditCatalogue, hooks } = services;
  app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    request.ctx = {
      database,
      keyring,
      config,
      clock,
      log,
      auditCatalogue,
      hooks,
      // Read per request: `serve` (or a test) gives the services their work thread after the routes are built.
      ...(services.workThread ? { workThread: services.workThread } : {}),
      actor: null,
      locale: localeFromHeader(request.headers['accept-language']),
      ip: request.ip,
      requestId: request.id,
    };
    const routeConfig = request.routeOptions.config;
    if (routeConfig?.auth === 'public' || !needsSession(request)) return done();
    const authorization = request.headers.authorization;
    if (typeof authorization === 'string' && /^bearer\s/i.test(authorization)) {
      admitToken(services, request, authorization.slice(7).trim()).then((refusal) => done(refusal), done);
      return;
    }
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

/**
 * A partner system's API token (Authorization: Bearer): never a session, so no cookie and no CSRF token (a
 * browser never sends the header by itself). The token yields an actor holding only its operations'
 * permissions; an operation outside the token answers 403 before it runs. Every use is audited once the
 * answer is known (a refused expired or revoked token too, as 401).
 */
async function admitToken(services: Services, request: FastifyRequest, raw: string): Promise<AppError | undefined> {
  const resolved = await resolveServiceToken(services, raw);
  const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? null;
  if (!resolved.ok) {
    if (resolved.tokenId)
      await auditTokenUse(request.ctx, {
        tokenId: resolved.tokenId,
        operationId,
        statusCode: 401,
        refusal: resolved.reason,
      });
    return new AppError('unauthenticated', resolved.reason === 'expired' ? 'token_expired' : 'unauthenticated');
  }
  request.ctx.actor = resolved.actor;
  const token = resolved.actor.serviceAccount!;
  tokenUses.add(request);
  if (!operationId || !token.operations.includes(operationId))
    return new AppError('forbidden', 'token_operation_denied');
  return undefined;
}

/** Requests made with a token, audited when their answer is sent. */
const tokenUses = new WeakSet<FastifyRequest>();

/** Audits each token use with its operation and status (after the answer, so the status is the real one). */
export function installTokenAudit(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    if (!tokenUses.has(request)) return;
    const token = request.ctx.actor?.serviceAccount;
    if (!token) return;
    const operationId = (request.routeOptions.schema as { operationId?: string } | undefined)?.operationId ?? null;
    try {
      await auditTokenUse(request.ctx, { tokenId: token.tokenId, operationId, statusCode: reply.statusCode });
    } catch (error) {
      request.log.error({ err: error }, 'token use audit failed');
    }
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
