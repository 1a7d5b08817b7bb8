import { useSyncExternalStore } from 'react';
import en from '../i18n/en/portal.json' with { type: 'json' };
import id from '../i18n/id/portal.json' with { type: 'json' };

/** The portal's own tiny translator (no i18next: the bundle must stay small for a cheap phone on 3G). */
export type Lang = 'id' | 'en';
const catalogs: Record<Lang, unknown> = { id: id.portal, en: en.portal };
const storageKey = 'pulih.language';
const listeners = new Set<() => void>();

let lang: Lang = (() => {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
})();
document.documentElement.lang = lang;

export function setLang(next: Lang): void {
  lang = next;
  document.documentElement.lang = next;
  try {
    localStorage.setItem(storageKey, next);
  } catch {
    // private mode: the choice lasts for this page
  }
  for (const l of listeners) l();
}

function lookup(tree: unknown, key: string): string | undefined {
  let node = tree;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return typeof node === 'string' ? node : undefined;
}

export function useT(): { t: (key: string) => string; lang: Lang } {
  const current = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    () => lang,
  );
  return { t: (key) => lookup(catalogs[current], key) ?? lookup(catalogs.id, key) ?? key, lang: current };
}
