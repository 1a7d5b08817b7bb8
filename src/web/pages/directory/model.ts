import { useTranslation } from 'react-i18next';

/** Shapes of the directory API (src/modules/directory/directory.schema.ts); its picklists from src/contract/. */
export { type Proximity, proximities } from '../../../contract/directory.js';

/** A directory entry and what an upsert takes, as the server's contract says (src/web/api/directory.ts). */
export type { DirectoryService, DirectoryServiceInput } from '../../api/directory.js';

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
