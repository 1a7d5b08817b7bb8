/**
 * Calls to the public API: JSON in the body (never personal data in a URL), the page's language, no cookies.
 * Paths, parameters and answers come from the generated contract, type-only: nothing of the app's API client is
 * shipped in the portal's bundle.
 */
import type { AnswerOf, ApiProblem, BodyOf, Draft, paths, ResponseOf } from '../api/types.js';

/** What the portal reads of a problem+json answer (or of the one it makes up when the network is down). */
export type Problem = Pick<ApiProblem, 'title' | 'code'> & Partial<Pick<ApiProblem, 'detail' | 'errors'>>;
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title);
  }
}

type Method = 'get' | 'post';
/** The public paths that answer the method (a renamed or removed route fails the portal's type check). */
type PublicPath<M extends Method> = {
  [P in Extract<keyof paths, `/api/public/${string}`>]: paths[P][M] extends undefined ? never : P;
}[Extract<keyof paths, `/api/public/${string}`>];
type Operation<M extends Method, P extends PublicPath<M>> = NonNullable<paths[P][M]>;
type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? X : never;

interface Request<O> {
  path?: PathParams<O>;
  query?: QueryParams<O>;
  body?: unknown;
}

async function call<M extends Method, P extends PublicPath<M>>(
  lang: string,
  method: M,
  path: P,
  request: Request<Operation<M, P>> = {},
): Promise<AnswerOf<Operation<M, P>>> {
  const params = (request.path ?? {}) as Record<string, string>;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (value !== undefined) search.set(key, String(value));
  }
  const qs = search.toString();
  const url =
    path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? '')) + (qs ? `?${qs}` : '');
  const { body } = request;
  let res: Response;
  try {
    res = await fetch(url, {
      method: method.toUpperCase(),
      credentials: 'omit',
      headers: { 'accept-language': lang, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PortalError(0, { title: lang === 'en' ? 'No connection' : 'Tidak ada koneksi', code: 'network' });
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new PortalError(res.status, data as Problem);
  return data as AnswerOf<Operation<M, P>>;
}

/** The public operations the portal calls. */
export const publicApi = {
  tipForm: (lang: string) => call(lang, 'get', '/api/public/tips/form'),
  /** Provinces, or the regencies of one province. */
  regions: (lang: string, parent?: string) => call(lang, 'get', '/api/public/regions', { query: { parent } }),
  /** The reporter's form as typed (the server checks each value and names what is wrong). */
  submitTip: (lang: string, body: Draft<BodyOf<'tips.submit'>>) => call(lang, 'post', '/api/public/tips', { body }),
  tipStatus: (lang: string, body: BodyOf<'tips.status'>) => call(lang, 'post', '/api/public/tips/status', { body }),
  reply: (lang: string, body: BodyOf<'tips.reply'>) => call(lang, 'post', '/api/public/tips/reply', { body }),
  survey: (lang: string, code: string) => call(lang, 'get', '/api/public/surveys/{code}', { path: { code } }),
  respond: (lang: string, code: string, body: Draft<BodyOf<'surveys.responses.submit'>>) =>
    call(lang, 'post', '/api/public/surveys/{code}/responses', { path: { code }, body }),
};

/** The answers the portal's pages keep. */
export type TipForm = ResponseOf<'tips.form'>;
export type Region = ResponseOf<'tips.regions'>[number];
export type TipStatus = ResponseOf<'tips.status'>;
export type SurveyDef = ResponseOf<'surveys.public.get'>;
