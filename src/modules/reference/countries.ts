import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';

/** ISO 3166-1 alpha-2 countries with Indonesian and English names. */
const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));
countries.registerLocale(require('i18n-iso-countries/langs/id.json'));

export interface Country {
  code: string;
  name: { id: string; en: string };
}

export function isCountryCode(code: string): boolean {
  return countries.isValid(code) && code === code.toUpperCase() && code.length === 2;
}

/** A country's name in the locale (ISO 3166-1 alpha-2 code), the code itself when the library has none. */
export function countryName(code: string, locale: 'id' | 'en'): string {
  return countries.getName(code, locale) ?? code;
}

let cached: Country[] | undefined;
export function listCountries(): Country[] {
  cached ??= Object.keys(countries.getAlpha2Codes())
    .map((code) => ({
      code,
      name: { id: countries.getName(code, 'id') ?? code, en: countries.getName(code, 'en') ?? code },
    }))
    .sort((a, b) => a.name.en.localeCompare(b.name.en));
  return cached;
}
