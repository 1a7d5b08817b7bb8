import { useTranslation } from 'react-i18next';

/** Shapes of the directory API (src/modules/directory/directory.schema.ts); its picklists from src/contract/. */
export { type Proximity, proximities } from '../../../contract/directory.js';

import type { Proximity } from '../../../contract/directory.js';

export interface DirectoryService {
  id: string;
  agency: { id: string; name: string; type: string; regionCode: string | null };
  serviceType: string;
  regions: string[];
  /** True when no regions were given and the agency's own region applies. */
  regionsDefault: boolean;
  eligibility: { ageMin: number | null; ageMax: number | null; sexes: string[]; nationalities: string[] };
  languages: string[];
  capacity: { total: number; free: number; updatedAt: string | null } | null;
  hours: string | null;
  contact: { phone: string | null; email: string | null };
  urgent24x7: boolean;
  proximity?: Proximity;
  updatedAt: string;
}

export interface DirectoryServiceInput {
  regions: string[];
  eligibility: { ageMin: number | null; ageMax: number | null; sexes: string[]; nationalities: string[] };
  languages: string[];
  /** A count left empty is left out (the server then names it as required). */
  capacity: { total?: number; free?: number } | null;
  hours: string | null;
  contact: { phone: string | null; email: string | null };
  urgent24x7: boolean;
}

/**
 * Languages a service may be given in. The directory takes ISO 639-1 codes only (two letters), so the
 * regional languages without one (Madurese, Balinese, …) are not offered here; the migration languages are.
 */
export const directoryLanguages = [
  'id',
  'jv',
  'su',
  'ms',
  'en',
  'ar',
  'zh',
  'ko',
  'ja',
  'th',
  'vi',
  'hi',
  'pt',
] as const;

/** The name of a language code in the UI language ("Bahasa Jawa" / "Javanese"). */
export function useLanguageName() {
  const { t, i18n } = useTranslation();
  let names: Intl.DisplayNames | undefined;
  try {
    names = new Intl.DisplayNames([i18n.language === 'en' ? 'en' : 'id'], { type: 'language' });
  } catch {
    names = undefined;
  }
  return (code: string) => t(`cases.language.${code}`, { defaultValue: names?.of(code) ?? code });
}
