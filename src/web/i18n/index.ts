import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enCore from './en.json' with { type: 'json' };
import idCore from './id.json' with { type: 'json' };

type Messages = Record<string, unknown>;

/**
 * Each feature may keep its messages in its own file (`id/referrals.json` beside `en/referrals.json`),
 * each under its own top-level keys; they are merged over the core file at build time.
 */
function withFeatures(core: Messages, features: Record<string, Messages>): Messages {
  return Object.values(features).reduce<Messages>((all, messages) => ({ ...all, ...messages }), { ...core });
}
const id = withFeatures(idCore, import.meta.glob<Messages>('./id/*.json', { eager: true, import: 'default' }));
const en = withFeatures(enCore, import.meta.glob<Messages>('./en/*.json', { eager: true, import: 'default' }));

export const languages = ['id', 'en'] as const;
export type Language = (typeof languages)[number];
const storageKey = 'pulih.language';

/** The language chosen before login (or last used on this device); Indonesian by default. */
export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return value === 'en' ? 'en' : 'id';
  } catch {
    return 'id';
  }
}

/** Switches the UI language, remembers it on this device and keeps <html lang> in step. */
export async function applyLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources: { id: { translation: id }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: 'id',
  supportedLngs: languages,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
