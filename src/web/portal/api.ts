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
