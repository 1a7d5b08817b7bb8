import { NativeSelect } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth.js';
import { useAuth } from '../auth.js';
import { applyLanguage, type Language, languages } from '../i18n/index.js';

/** Language choice; once logged in it is saved on the user so it follows them to other devices. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { status, setMe } = useAuth();
  // On a phone the header holds the language as its code (ID / EN) so that everything fits in 390 px.
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;

  const change = async (language: Language) => {
    await applyLanguage(language);
    if (status === 'active') {
      try {
        setMe(await authApi.updatePreferences({ locale: language }));
      } catch {
        // The UI already switched; the saved preference is retried on the next change.
      }
    }
  };

  return (
    <NativeSelect
      aria-label={t('language.label')}
      data-testid="language-switch"
      size="xs"
      value={i18n.language}
      onChange={(event) => void change(event.currentTarget.value as Language)}
      data={languages.map((value) => ({ value, label: narrow ? value.toUpperCase() : t(`language.${value}`) }))}
      w={narrow ? 68 : 150}
    />
  );
}
