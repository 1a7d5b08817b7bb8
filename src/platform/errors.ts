import type { ZodError } from 'zod';
import { type Locale, translate } from './i18n/index.js';

export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'internal';

const statusOf: Record<ErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  internal: 500,
};

/** A field-level problem; `message` is an i18n key under `field.` with its params. */
export interface FieldIssue {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** An error a person caused and can fix; becomes a localised problem+json response. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    readonly params: Record<string, unknown> = {},
    readonly fields: FieldIssue[] = [],
  ) {
    super(code);
    this.status = statusOf[kind];
  }
}

export const notFound = () => new AppError('not_found', 'not_found');
export const forbidden = () => new AppError('forbidden', 'forbidden');
export const unauthenticated = (code = 'unauthenticated') => new AppError('unauthenticated', code);
export const invalid = (field: string, code: string, params?: Record<string, unknown>) =>
  new AppError('validation', 'validation', {}, [{ field, code, params }]);

/** RFC 9457 problem details with Pulih's stable `code` and localised field errors. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; code: string; message: string }[];
}

/** Renders an AppError in the caller's language. */
export function toProblem(error: AppError, locale: Locale): Problem {
  const problem: Problem = {
    type: `https://pulih.id/problems/${error.code}`,
    title: translate(locale, `error.${error.code}.title`, error.params),
    status: error.status,
    detail: translate(locale, `error.${error.code}.detail`, error.params),
    code: error.code,
  };
  if (error.fields.length > 0) {
    problem.errors = error.fields.map((f) => ({
      field: f.field,
      code: f.code,
      message: translate(locale, `field.${f.code}`, f.params),
    }));
  }
  return problem;
}

/** Turns zod issues into field issues with i18n codes (never echoing the submitted value). */
export function fieldIssuesFromZod(error: ZodError, prefix = ''): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const i = issue as unknown as Record<string, unknown>;
    // A schema that names its own i18n code (`.regex(re, 'region_unknown')`) wins over zod's generic one.
    if (/^[a-z_]+$/.test(issue.message)) {
      out.push({ field: path, code: issue.message, params: (i.params as Record<string, unknown>) ?? {} });
      continue;
    }
    switch (issue.code) {
      case 'invalid_type':
        // Inputs are reported (reportInput) so a missing field and a wrong type get different answers.
        out.push(
          i.input === undefined
            ? { field: path, code: 'required' }
            : { field: path, code: 'invalid_type', params: { expected: i.expected } },
        );
        break;
      case 'too_small':
        out.push({
          field: path,
          code: i.origin === 'string' ? 'too_short' : i.origin === 'array' ? 'too_few_items' : 'too_small',
          params: { minimum: i.minimum },
        });
        break;
      case 'too_big':
        out.push({
          field: path,
          code: i.origin === 'string' ? 'too_long' : i.origin === 'array' ? 'too_many_items' : 'too_big',
          params: { maximum: i.maximum },
        });
        break;
      case 'invalid_format':
        out.push({ field: path, code: 'invalid_format', params: { format: i.format } });
        break;
      case 'invalid_value':
        out.push({
          field: path,
          code: 'invalid_value',
          params: { options: ((i.values as unknown[]) ?? []).map(String).join(', ') },
        });
        break;
      case 'unrecognized_keys':
        for (const key of (i.keys as string[]) ?? []) {
          out.push({ field: [path, key].filter(Boolean).join('.'), code: 'unknown_field' });
        }
        break;
      default:
        out.push({ field: path, code: 'invalid' });
    }
  }
  return out;
}

/** Wraps a ZodError as a validation AppError. */
export function validationError(error: ZodError, prefix = ''): AppError {
  return new AppError('validation', 'validation', {}, fieldIssuesFromZod(error, prefix));
}
