import { randomUUID } from 'node:crypto';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isResponseSerializationError, serializerCompiler } from 'fastify-type-provider-zod';
import { type ZodType, z } from 'zod';
import type { Context } from './context.js';
import { AppError, toProblem, validationError } from './errors.js';

/** Route options read by the authentication hook: public routes need no session. */
export type RouteAuth = 'public' | 'session';

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Context;
  }
  interface FastifyContextConfig {
    /** 'public': no session needed; 'session' (default): a logged-in user. */
    auth?: RouteAuth;
    /** Login stages in which the route may be called (default: only a fully logged-in 'active' session). */
    stages?: readonly string[];
    /** Mutations need the CSRF header unless this is false (only login, which has no session yet). */
    csrf?: boolean;
    /** The route applies its own rate limit (documented as 429 in the OpenAPI document). */
    limited?: boolean;
    /** When the change can lose to a concurrent one or find the record in the wrong state: the 409 it answers. */
    conflict?: string;
    /**
     * The route changes a record that belongs to a case (its URL does not start with /api/cases/:id): documented
     * with 423, the answer while the person's processing is restricted (Law 27/2022 Art. 11).
     */
    caseRecord?: boolean;
    /** Problem answers particular to the route, by status, for the OpenAPI document (e.g. login's 401). */
    problems?: Partial<Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 423 | 429, string>>;
  }
}

/** The Fastify instance with zod schemas for bodies, queries, params and responses. */
export const typed = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

const partPrefix: Record<string, string> = { body: '', querystring: 'query', params: 'params', headers: 'headers' };

/** Validates every request part with its zod schema; failures become localised field errors. */
export function installValidation(app: FastifyInstance): void {
  app.setValidatorCompiler(({ schema, httpPart }) => (data: unknown) => {
    // PostgreSQL text cannot hold NUL: refused here, naming the field, rather than as a database error (500).
    const nul = nulPath(data);
    if (nul) {
      const field = [partPrefix[httpPart ?? 'body'] ?? '', ...nul].filter(Boolean).join('.');
      return { error: new AppError('validation', 'validation', {}, [{ field, code: 'invalid' }]) };
    }
    // An empty body arrives as null: let a schema's default apply.
    const result = (schema as ZodType).safeParse(httpPart === 'body' && data === null ? undefined : data, {
      reportInput: true,
    });
    if (result.success) return { value: result.data };
    return { error: validationError(result.error, partPrefix[httpPart ?? 'body'] ?? '') };
  });
  app.setSerializerCompiler(serializerCompiler);
}

/** The path of the first string holding a NUL character, or null (bounded depth: request bodies are small). */
function nulPath(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 32) return null;
  for (const [key, item] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '')];
    const found = nulPath(item, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The headers @fastify/helmet sets with these options, worked out once on a throwaway instance (the plugin
 * itself rebuilds them on every request). They do not depend on the request.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = async (withHelmet: boolean) => {
    const app = Fastify({ logger: false });
    if (withHelmet) await app.register(helmet, options);
    app.get('/', async () => '');
    const res = await app.inject({ method: 'GET', url: '/' });
    await app.close();
    return res.headers;
  };
  const bare = await probe(false);
  const headers = await probe(true);
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (name in bare || value === undefined) continue;
    out.push([name, Array.isArray(value) ? value.join(', ') : String(value)]);
  }
  return out;
}

/** Sets the same security headers on every response (API, files, errors, 404s) from a precomputed list. */
export async function installSecurityHeaders(app: FastifyInstance, options: FastifyHelmetOptions): Promise<void> {
  const headers = await helmetHeaders(options);
  if (!headers.some(([name]) => name === 'content-security-policy'))
    throw new Error('security headers: no Content-Security-Policy');
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.header(name, value);
    done();
  });
}

/** Sends an AppError as RFC 9457 problem+json in the caller's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const locale = request.ctx?.locale ?? 'id';
  return reply.status(error.status).type('application/problem+json').send(toProblem(error, locale));
}

/** Maps every error to problem+json: user mistakes are 4xx with a clear message, never 5xx. */
export function installErrorHandling(
  app: FastifyInstance,
  bodyLimit: number,
  options: { spaIndex?: boolean } = {},
): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof AppError) return sendProblem(request, reply, err);
    const e = err as FastifyError;
    const mapped = mapFrameworkError(e, bodyLimit);
    if (mapped) return sendProblem(request, reply, mapped);
    const reference = randomUUID();
    // Only the error's own message and stack: never the request body, which may hold identity data.
    request.log.error(
      {
        reference,
        err: { message: e.message, stack: e.stack, code: e.code },
        serialization: isResponseSerializationError(e),
      },
      'unhandled error',
    );
    return reply
      .status(500)
      .type('application/problem+json')
      .send(toProblem(new AppError('internal', 'internal', { reference }), request.ctx?.locale ?? 'id'));
  });
  app.setNotFoundHandler((request, reply) => {
    // The web app routes on the client: unknown non-API GETs get the app shell.
    const path = request.url.split('?')[0] ?? '';
    // Client-side routes get the app shell; a missing file (a path with an extension) stays a 404.
    if (options.spaIndex && request.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) {
      return (reply as FastifyReply & { sendFile(f: string): FastifyReply }).sendFile('index.html');
    }
    return sendProblem(request, reply, new AppError('not_found', 'route_not_found'));
  });
}

function mapFrameworkError(e: FastifyError, bodyLimit: number): AppError | null {
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('validation', 'malformed_json');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('too_large', 'payload_too_large', { limit: bodyLimit });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported', 'unsupported_media_type');
    default:
      break;
  }
  if (e instanceof SyntaxError) return new AppError('validation', 'malformed_json');
  // A multipart body busboy cannot read (no boundary, cut short) is the sender's error, not ours.
  if (typeof e.message === 'string' && e.message.startsWith('Multipart:'))
    return new AppError('validation', 'validation', {}, [{ field: 'file', code: 'invalid' }]);
  if (e.statusCode === 429) return new AppError('rate_limited', 'rate_limited');
  if (e.statusCode === 413) return new AppError('too_large', 'payload_too_large', { limit: bodyLimit });
  if (e.statusCode === 406 || e.statusCode === 415) return new AppError('unsupported', 'unsupported_media_type');
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) return new AppError('validation', 'validation');
  return null;
}

/** Common schemas for HTTP parts. */
export const idParam = z.strictObject({ id: z.uuid({ message: 'uuid' }) });

/** Keyset cursor: an opaque base64url of the last row's sort key. */
export const cursorQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

export function encodeCursor(value: unknown[]): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor; a tampered cursor is a 400 naming the field. */
export function decodeCursor<T extends unknown[]>(cursor: string | undefined, shape: ZodType<T>): T | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = shape.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    /* fall through */
  }
  throw new AppError('validation', 'validation', {}, [{ field: 'query.cursor', code: 'cursor_invalid' }]);
}

/**
 * One page of a keyset-paginated list from rows fetched with `limit + 1` (the extra row only tells that more
 * follow): the page's rows, and the cursor after its last row (`keyOf` gives the row's keyset position), or null
 * on the last page.
 */
export function keysetPage<R>(
  rows: readonly R[],
  limit: number,
  keyOf: (row: R) => unknown[],
): { rows: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** Problem+json response schema for OpenAPI. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  errors: z.array(z.object({ field: z.string(), code: z.string(), message: z.string() })).optional(),
});

/** Page of a keyset-paginated list. */
export const page = <T extends ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** What a route tells the OpenAPI transform about itself. */
export interface DocumentedRoute {
  method: string | string[];
  url: string;
  /** `limited`: the route applies its own rate limit (e.g. the public portal's per-address limits). */
  config?: {
    auth?: RouteAuth;
    rateLimit?: unknown;
    limited?: boolean;
    conflict?: string;
    caseRecord?: boolean;
    problems?: Partial<Record<number, string>>;
  };
}

const problemJsonSchema = z.toJSONSchema(problemSchema);
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problemJsonSchema } },
});

/**
 * The problem+json answers an operation can give, from what its route declares: 400 when it takes
 * input, 401/403 unless it is public, 404 when it names a record (a forbidden record answers exactly
 * like a missing one), 409 when the route says how a change can conflict, 413 for a body, 423 for a change to
 * a case's record, 429 when rate-limited, and whatever else the route lists in `problems`. A route's own
 * declared responses win.
 */
export function problemResponses(
  route: DocumentedRoute,
  schema: { params?: unknown; querystring?: unknown; body?: unknown },
): Record<string, ReturnType<typeof problemResponse>> {
  const responses: Record<string, ReturnType<typeof problemResponse>> = {};
  if (schema.params || schema.querystring || schema.body) {
    responses['400'] = problemResponse(
      'Invalid input: each wrong field is named in `errors`, in the caller’s language.',
    );
  }
  if (route.config?.auth !== 'public') {
    responses['401'] = problemResponse('Not signed in, or the session ended.');
    responses['403'] = problemResponse(
      'The caller lacks the permission, or a mutation came without the session’s x-csrf-token.',
    );
  }
  if (route.url.includes(':')) {
    responses['404'] = problemResponse('No such record — or one the caller may not see (both answer alike).');
  }
  if (route.config?.conflict) responses['409'] = problemResponse(route.config.conflict);
  const changes = [route.method].flat().some((m) => m !== 'GET' && m !== 'HEAD');
  // loadCase refuses every permission but a read while processing is restricted: changes to a case and its records.
  if (changes && (route.url.startsWith('/api/cases/:id') || route.config?.caseRecord)) {
    responses['423'] = problemResponse(
      "The record belongs to a case whose person's processing is restricted (Law 27/2022 Art. 11): reads only.",
    );
  }
  if (schema.body) responses['413'] = problemResponse('The body is larger than the limit.');
  if (route.config?.rateLimit || route.config?.limited)
    responses['429'] = problemResponse('Too many requests: wait and try again.');
  for (const [status, description] of Object.entries(route.config?.problems ?? {})) {
    if (description) responses[status] = problemResponse(description);
  }
  return responses;
}

/**
 * Gives the document one `Problem` schema that every problem+json answer refers to, instead of a copy in each
 * of about a thousand answers (the document shrinks by half, and generated clients get one Problem type).
 */
export function shareProblemSchema<T extends { components?: { schemas?: Record<string, unknown> }; paths?: unknown }>(
  document: T,
): T {
  const ref = { $ref: '#/components/schemas/Problem' };
  const paths = (document.paths ?? {}) as Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  for (const item of Object.values(paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(operation?.responses ?? {})) {
        const content = (response as { content?: Record<string, { schema?: unknown }> }).content;
        const problem = content?.['application/problem+json'];
        if (problem) problem.schema = ref;
      }
    }
  }
  const { $schema: _, ...schema } = problemJsonSchema as Record<string, unknown>;
  return {
    ...document,
    components: { ...document.components, schemas: { ...document.components?.schemas, Problem: schema } },
  };
}
