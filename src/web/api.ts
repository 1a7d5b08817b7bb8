import type { TimeZone } from '../contract/time.js';
import type { ApiProblem, BodyOf, Draft, paths, ResponseOf, RowOf } from './api/types.js';
import i18n from './i18n/index.js';

/**
 * RFC 9457 problem details as Pulih sends them (title, detail and messages already localised): the contract's
 * Problem, with what a problem the web makes up itself (network down, an answer that is not problem+json) may lack.
 */
export type Problem = Pick<ApiProblem, 'title' | 'status' | 'code'> &
  Partial<Omit<ApiProblem, 'title' | 'status' | 'code'>>;
export type FieldProblem = NonNullable<ApiProblem['errors']>[number];

/** A failed API call; `problem` is what the server said, or a synthetic one for network failures. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(readonly problem: Problem) {
    super(problem.title);
    this.status = problem.status;
    this.code = problem.code;
  }

  /** The localised message the server gave for a field (or a nested path under it). */
  fieldMessage(field: string): string | undefined {
    const e = this.problem.errors?.find((x) => fieldMatches(x.field, field));
    return e ? readableFieldMessage(e) : undefined;
  }
}

/**
 * A field's message for people: a choice outside the list is told as such, never as the list of codes the API
 * names for programs ("Harus salah satu dari: self, family, …").
 */
export function readableFieldMessage(e: FieldProblem): string {
  if (e.code === 'invalid_value') return i18n.t('workspace.validation.invalidChoice');
  return e.message;
}

/** True when a server field path (`roles.0`, `roles[0]`, `/roles`) belongs to the named form field. */
export function fieldMatches(path: string, field: string): boolean {
  const normalised = path.replace(/^\/+/, '').replace(/\//g, '.');
  return normalised === field || normalised.startsWith(`${field}.`) || normalised.startsWith(`${field}[`);
}

/** The signed-in user (GET /api/auth/me): its `permissions` are the contract's enum, so `can('…')` is checked. */
export type Me = ResponseOf<'auth.me'>;
/** A permission the server knows (the role table's, as the OpenAPI document lists them). */
export type Permission = Me['permissions'][number];
export type Stage = Me['stage'];
export type Locale = Me['locale'];
export type { TimeZone };
/** The answer of a login step (login, TOTP, password change): the session's stage and the user. */
export type StageResponse = ResponseOf<'auth.login'>;
export type TotpEnrolment = ResponseOf<'auth.totp.enroll'>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The shapes below come from the generated contract (src/web/api/schema.d.ts), never a hand-made copy. */
export type Agency = ResponseOf<'agencies.get'>;
export type AgencyInput = Draft<BodyOf<'agencies.create'>>;
export type User = RowOf<'users.list'>;
export type UserInput = Draft<BodyOf<'users.create'>>;
export type Role = RowOf<'roles.list'>;
export type AuditEvent = RowOf<'audit.list'>;
/** One declared audit action (GET /api/audit/actions). */
export type AuditActionInfo = RowOf<'audit.actions'>;
export type AuditVerification = ResponseOf<'audit.verify'>;
export type Alert = RowOf<'alerts.list'>;
export type AgencyType = RowOf<'reference.agencyTypes'>;
export type Country = RowOf<'reference.countries'>;
export type Region = RowOf<'reference.regions'>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** A path of the API as the contract names it (a renamed or removed route fails the type check). */
export type ApiPath = keyof paths;

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  /** Do not treat a 401 as "the session ended" (the login page and the start-up check use this). */
  quiet401?: boolean;
  /**
   * Sent with credentials "include" (the same cookies as "same-origin" for this origin), as index.html's
   * preload of /api/auth/me is: the browser hands that answer over only when the two requests match.
   */
  preloaded?: boolean;
}

let onSessionEnded: (() => void) | undefined;

/** Registers what happens when the server says the session is gone (once logged in). */
export function setSessionEndedHandler(handler: (() => void) | undefined): void {
  onSessionEnded = handler;
}

function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function buildUrl(path: ApiPath, query?: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * GETs started at boot, before the session check and the page's code have arrived (a cold load on a slow link
 * would otherwise wait for them in series: HTML, script, /api/auth/me, the page's chunk, then its data). Keyed
 * by the URL with its parameters in a fixed order; a page's first GET of the same URL takes the answer once.
 */
const early = new Map<string, Promise<{ status: number; text: string } | undefined>>();
const EARLY_FOR_MS = 20_000;

function earlyKey(url: string): string {
  const [path, qs = ''] = url.split('?');
  const params = new URLSearchParams(qs);
  params.sort();
  return `${path}?${params.toString()}`;
}

/** Starts a GET now for the page about to ask for it (data only: an answer other than 200 is asked again). */
export function prefetchGet(path: ApiPath, query?: RequestOptions['query']): void {
  const url = buildUrl(path, query);
  const key = earlyKey(url);
  if (early.has(key)) return;
  const answer = fetch(url, {
    headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': i18n.language || 'id' },
    credentials: 'same-origin',
  })
    .then(async (r) => ({ status: r.status, text: await r.text() }))
    .catch(() => undefined);
  early.set(key, answer);
  setTimeout(() => early.delete(key), EARLY_FOR_MS);
}

/** Drops every answer fetched at boot (the session changed). */
export function clearEarlyAnswers(): void {
  early.clear();
}

async function takeEarly(url: string): Promise<unknown> {
  const key = earlyKey(url);
  const answer = early.get(key);
  if (!answer) return undefined;
  early.delete(key);
  const got = await answer;
  if (got?.status !== 200) return undefined;
  try {
    return JSON.parse(got.text);
  } catch {
    return undefined;
  }
}

/** One HTTP call to the Pulih API: JSON in and out, CSRF header on mutations, problem+json on failure. */
export async function request<T>(method: Method, path: ApiPath, options: RequestOptions = {}): Promise<T> {
  if (method === 'GET' && early.size > 0) {
    const answer = await takeEarly(buildUrl(path, options.query));
    if (answer !== undefined) return answer as T;
  }
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...apiHeaders(method),
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: options.preloaded ? 'include' : 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw networkFailure();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) throw failure(response.status, data, options.quiet401);
  return data as T;
}

/** The error for a request that never got an answer (offline, server down). */
export function networkFailure(): ApiError {
  return new ApiError({
    title: i18n.t('error.network.title'),
    detail: i18n.t('error.network.detail'),
    status: 0,
    code: 'network',
  });
}

/**
 * The error for a failed answer: the server's problem+json, or a synthetic one. A 401 that says the session
 * ended also tells the app (unless `quiet401`: the login page and the start-up check expect one).
 */
export function failure(status: number, data: unknown, quiet401 = false): ApiError {
  const problem = isProblem(data)
    ? data
    : {
        title: i18n.t('error.unexpected.title'),
        detail: i18n.t('error.unexpected.detail', { status }),
        status,
        code: 'unexpected',
      };
  if (status === 401 && !quiet401 && (problem.code === 'session_expired' || problem.code === 'unauthenticated')) {
    onSessionEnded?.();
  }
  return new ApiError(problem);
}

/** The headers every API call sends: the caller's language, and the CSRF token on mutations. */
export function apiHeaders(method: string): Record<string, string> {
  const headers: Record<string, string> = { 'Accept-Language': i18n.language || 'id' };
  if (method !== 'GET') {
    const csrf = readCookie('pulih_csrf');
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  return headers;
}

function isProblem(data: unknown): data is Problem {
  return typeof data === 'object' && data !== null && 'title' in data && 'status' in data;
}

export const api = {
  get: <T>(path: ApiPath, query?: RequestOptions['query']) => request<T>('GET', path, { query }),
  post: <T>(path: ApiPath, body?: unknown) => request<T>('POST', path, { body }),
  patch: <T>(path: ApiPath, body?: unknown) => request<T>('PATCH', path, { body }),
  put: <T>(path: ApiPath, body?: unknown) => request<T>('PUT', path, { body }),
};
