import type { ReactNode } from 'react';
import { type Lang, setLang, useT } from './i18n.js';

/** A neutral site to leave for: weather, nothing that hints at what was open. */
const NEUTRAL_SITE = 'https://www.bmkg.go.id/';

/** Leaves at once; replace() puts the neutral site in this page's place in the history. */
export function quickExit(): void {
  try {
    sessionStorage.clear();
  } catch {
    // nothing stored
  }
  document.body.innerHTML = '';
  window.location.replace(NEUTRAL_SITE);
}

/** Header with the quick exit (always visible) and the language switch; the page's main landmark. */
export function Chrome({ children }: { children: ReactNode }) {
  const { t, lang } = useT();
  return (
    <>
      <header className="bar">
        <span className="brand">{t('brand')}</span>
        <label className="lang">
          <span className="sr-only">{t('language')}</span>
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="button" className="exit" onClick={quickExit} title={t('quickExitHint')}>
          {t('quickExit')}
        </button>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
