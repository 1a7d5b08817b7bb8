/**
 * The typed API client: openapi-fetch over the generated contract (schema.d.ts), so a call's URL, path and
 * query parameters, body and answer are checked against the server's routes by the web's type check.
 *
 *   const detail = await call(client.GET('/api/cases/{id}', { params: { path: { id } } }));
 *
 * Errors become the same ApiError as everywhere (problem+json, localised by the server; a 401 that ends the
 * session tells the app), with the CSRF header on mutations and the caller's language on every call.
 */
import createClient from 'openapi-fetch';
import { apiHeaders, failure, networkFailure } from '../api.js';
import type { paths } from './schema.js';

export const client = createClient<paths>({ credentials: 'same-origin' });

client.use({
  onRequest({ request }) {
    for (const [name, value] of Object.entries(apiHeaders(request.method))) request.headers.set(name, value);
    return request;
  },
});

/** What an openapi-fetch call resolves to, reduced to what `call` reads. */
interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The answer of a typed call, or an ApiError (never `{ data, error }` left for the page to sort out). */
export async function call<T>(pending: Promise<Outcome<T>>, options: { quiet401?: boolean } = {}): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await pending;
  } catch {
    throw networkFailure();
  }
  if (!outcome.response.ok) throw failure(outcome.response.status, outcome.error, options.quiet401);
  return outcome.data as T;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/**
 * The address of a GET the browser opens itself (a download link): the path is checked against the contract,
 * `{name}` segments are filled in, and empty parameters are left out.
 */
export function linkTo<P extends keyof paths>(path: P, params: { path?: Record<string, string>; query?: Query } = {}) {
  const filled = (path as string).replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(params.path?.[name] ?? ''),
  );
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params.query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}
