import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locale } from '../../platform/i18n/index.js';

/**
 * The words for codes (HTCDS picklists, stages, service types, closure reasons, timeline kinds …) for documents
 * the server prints. They are the web app's catalogues — one source of truth, so the PDF says what the screen
 * says — read once: the core file of each language and its feature files, merged as the web build merges them.
 */
type Messages = { [key: string]: string | Messages };
const dir = fileURLToPath(new URL('../../web/i18n/', import.meta.url));
const cache = new Map<Locale, Messages>();

function catalogue(locale: Locale): Messages {
  let messages = cache.get(locale);
  if (!messages) {
    messages = JSON.parse(readFileSync(`${dir}${locale}.json`, 'utf8')) as Messages;
    let features: string[] = [];
    try {
      features = readdirSync(`${dir}${locale}`).filter((f) => f.endsWith('.json'));
    } catch {
      // No feature files.
    }
    for (const f of features.sort())
      Object.assign(messages, JSON.parse(readFileSync(`${dir}${locale}/${f}`, 'utf8')) as Messages);
    cache.set(locale, messages);
  }
  return messages;
}

/** The text at a dotted path (`htcds.prs_Gender.Feminine`), or undefined. */
export function webLabel(locale: Locale, path: string): string | undefined {
  let node: string | Messages | undefined = catalogue(locale);
  for (const part of path.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Fills `{{name}}` placeholders; placeholders without a value are dropped with their brackets. */
export function fillTemplate(template: string, params: Record<string, unknown>): string {
  return template
    .replace(/\{\{(\w+)\}\}/g, (_, name: string) => (params[name] == null ? '' : String(params[name])))
    .replace(/\(\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
}
