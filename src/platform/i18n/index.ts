import { en } from './en.js';
import { id } from './id.js';

export type Locale = 'id' | 'en';
export const locales: readonly Locale[] = ['id', 'en'];
export const catalogs: Record<Locale, Record<string, string>> = { id, en };

/** Translates a message key, filling {placeholders}; falls back to Indonesian, then the key. */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = catalogs[locale][key] ?? catalogs.id[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`));
}

/** Picks id or en from an Accept-Language header; Indonesian is the default. */
export function localeFromHeader(header: string | undefined): Locale {
  if (!header) return 'id';
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('id') || tag.startsWith('in')) return 'id';
  }
  return 'id';
}
