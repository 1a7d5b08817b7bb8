import { ApiError, type Problem } from '../api.js';
import i18n from '../i18n/index.js';

/**
 * The two API calls that are not JSON in and out: a multipart upload and a POST that answers with a
 * file (PDF summary). Same rules as api.ts: CSRF header, UI language, problem+json turned into ApiError.
 */

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === 'pulih_csrf') return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function send(path: string, init: { body: BodyInit; json?: boolean; accept: string }): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: `${init.accept}, application/problem+json`,
    'Accept-Language': i18n.language || 'id',
  };
  if (init.json) headers['Content-Type'] = 'application/json';
  const csrf = csrfToken();
  if (csrf) headers['x-csrf-token'] = csrf;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: init.body });
  } catch {
    throw new ApiError({
      title: i18n.t('error.network.title'),
      detail: i18n.t('error.network.detail'),
      status: 0,
      code: 'network',
    });
  }
  if (!response.ok) {
    let problem: Problem | undefined;
    try {
      const data = (await response.json()) as unknown;
      if (typeof data === 'object' && data !== null && 'title' in data && 'status' in data) problem = data as Problem;
    } catch {
      problem = undefined;
    }
    throw new ApiError(
      problem ?? {
        title: i18n.t('error.unexpected.title'),
        detail: i18n.t('error.unexpected.detail', { status: response.status }),
        status: response.status,
        code: 'unexpected',
      },
    );
  }
  return response;
}

/** Uploads a form (multipart/form-data) and returns the JSON answer. */
export async function uploadForm<T>(path: string, form: FormData): Promise<T> {
  const response = await send(path, { body: form, accept: 'application/json' });
  return (await response.json()) as T;
}

/** POSTs JSON and returns the file the server answers with. */
export async function postForBlob(path: string, body: unknown): Promise<Blob> {
  const response = await send(path, { body: JSON.stringify(body ?? {}), json: true, accept: 'application/pdf' });
  return response.blob();
}

/** Hands a file to the browser as a download; the object URL is released at once afterwards. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
