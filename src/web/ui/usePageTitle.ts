import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets the document title to "<page> · Pulih" in the current language. */
export function usePageTitle(key: string): void {
  const { t, i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the title must follow a language switch
  useEffect(() => {
    document.title = `${t(key)} · ${t('app.name')}`;
  }, [key, t, i18n.language]);
}
