import type { BodyOf, Draft, ResponseOf } from '../api/types.js';
/** Calls to the public API: JSON in the body (never personal data in a URL), the page's language, no cookies. */
export interface Problem {
  title: string;
  detail?: string;
  code: string;
  errors?: { field: string; message: string }[];
}
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.title);
  }
}

export async function call<T>(method: 'GET' | 'POST', url: string, lang: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'omit',
      headers: { 'accept-language': lang, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch {
    throw new PortalError(0, { title: lang === 'en' ? 'No connection' : 'Tidak ada koneksi', code: 'network' });
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new PortalError(res.status, data as Problem);
  return data as T;
}

/**
 * The public operations the portal calls, with their bodies and answers from the generated contract (type-only:
 * nothing of the app's API client is shipped in the portal's bundle).
 */
export const publicApi = {
  tipForm: (lang: string) => call<ResponseOf<'tips.form'>>('GET', '/api/public/tips/form', lang),
  /** Provinces, or the regencies of one province. */
  regions: (lang: string, parent?: string) =>
    call<ResponseOf<'tips.regions'>>(
      'GET',
      parent ? `/api/public/regions?parent=${encodeURIComponent(parent)}` : '/api/public/regions',
      lang,
    ),
  /** The reporter's form as typed (the server checks each value and names what is wrong). */
  submitTip: (lang: string, body: Draft<BodyOf<'tips.submit'>>) =>
    call<ResponseOf<'tips.submit'>>('POST', '/api/public/tips', lang, body),
  tipStatus: (lang: string, body: BodyOf<'tips.status'>) =>
    call<ResponseOf<'tips.status'>>('POST', '/api/public/tips/status', lang, body),
  reply: (lang: string, body: BodyOf<'tips.reply'>) =>
    call<ResponseOf<'tips.reply'>>('POST', '/api/public/tips/reply', lang, body),
  survey: (lang: string, code: string) =>
    call<ResponseOf<'surveys.public.get'>>('GET', `/api/public/surveys/${encodeURIComponent(code)}`, lang),
  respond: (lang: string, code: string, body: Draft<BodyOf<'surveys.responses.submit'>>) =>
    call('POST', `/api/public/surveys/${encodeURIComponent(code)}/responses`, lang, body),
};
