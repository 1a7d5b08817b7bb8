/**
 * The HTCDS export as text, a page at a time: CSV lines (the quoting of RFC 4180 as csv-stringify applies it: a
 * cell holding a comma, a quote or a line break is quoted, quotes doubled) and JSON (an array, one record a line).
 * Each line is written straight from the export item (the case's facts, its consented groups): no record object
 * per case, the column plan and the JSON key prefixes made once from the standard's field list. The text is
 * exactly what serialising `itemToRecord(item)` gives (the CSV cells of its fields, `JSON.stringify` of it), which
 * htcds.golden.test.ts pins. The lines go out in chunks of about 32 Ki characters (CHUNK_CHARS), so a
 * million-record export costs one stream write per few dozen records, not per record, and each chunk dies young.
 */

import type { OffloadTask } from '../../platform/offload.js';
import { reportingDate } from '../../platform/time.js';
import type { ExchangeCase, ExchangeCaseEvent } from '../cases/index.js';
import type { FieldGroup } from '../consent/index.js';
import {
  caseFields,
  exportHtcds,
  type FieldValue,
  type HtcdsExport,
  type HtcdsExportItem,
  itemToRecord,
  type OrgFacts,
  type THtcdsExportQuery,
} from './htcds.export.js';
import {
  csvColumns,
  EVENTS_GROUP,
  EVENTS_KEY,
  type HtcdsRecord,
  htcdsEventFields,
  MULTI_SEPARATOR,
} from './htcds.mapping.js';

const needsQuotes = /[",\r\n]/;

function cell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A field's value as its CSV text before quoting ('' for none, a list `;`-joined). */
function text(v: FieldValue | HtcdsRecord[string]): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.join(MULTI_SEPARATOR);
  return String(v);
}

/** The header line: the field names in `csvColumns` order. */
export const csvHeaderLine = `${csvColumns.map(cell).join(',')}\n`;

/* ---------- CSV ---------- */

/** An event's value of one event column (as the record's event holds it, '' for none). */
const eventText: Record<(typeof htcdsEventFields)[number], (e: ExchangeCaseEvent) => string> = {
  hte_Type: (e) => e.type,
  hte_Country: (e) => e.countryCode,
  hte_State: (e) => e.regionCode || '',
  hte_City: (e) => e.city || '',
  hte_Date: (e) => e.startedOn || '',
};

/** Per column, what it holds: a field of the case gated by its consent group, an event field, or the item's own. */
type Column =
  | { kind: 'case'; group: FieldGroup | undefined; of: (c: ExchangeCase) => FieldValue }
  | { kind: 'event'; of: (e: ExchangeCaseEvent) => string }
  | { kind: 'item'; of: (item: HtcdsExportItem) => string }
  | { kind: 'identity'; name: string }
  | { kind: 'none' };

/** The organisation's cells and JSON text, made once per organisation. */
const orgText = new WeakMap<OrgFacts, { csvName: string; csvType: string; json: string }>();
function orgOf(org: OrgFacts) {
  let t = orgText.get(org);
  if (!t) {
    t = {
      csvName: org.name === '' ? '' : cell(org.name),
      csvType: org.type === undefined || org.type === '' ? '' : cell(org.type),
      json: `,"org_Name":${JSON.stringify(org.name)}${org.type !== undefined ? `,"org_Type":${JSON.stringify(org.type)}` : ''}`,
    };
    orgText.set(org, t);
  }
  return t;
}

/** A purpose list's cell and JSON text, made once per list (the export shares one list per combination). */
const purposeText = new WeakMap<readonly string[], { csv: string; json: string }>();
function purposesOf(list: readonly string[]) {
  let t = purposeText.get(list);
  if (!t) {
    t = {
      csv: list.length === 0 ? '' : cell(list.join(MULTI_SEPARATOR)),
      json: list.length > 0 ? `,"pulih_ConsentPurposes":${JSON.stringify(list)}` : '',
    };
    purposeText.set(list, t);
  }
  return t;
}

const caseFieldOf = new Map(caseFields.map((f) => [f.name, f]));
const eventColumns: ReadonlySet<string> = new Set(htcdsEventFields);
/** Identity fields: what the vault gives (`HtcdsExportItem.identity`). */
const identityColumns: ReadonlySet<string> = new Set([
  'prs_FirstName',
  'prs_MiddleName',
  'prs_SecondName',
  'pulih_Aliases',
  'prs_Birthdate',
  'prs_IdentityNumber',
  'prs_MobilePhone',
  'prs_MailingStreet',
]);
/** The item's own columns, as cells (quoted). */
const itemColumns: Record<string, (item: HtcdsExportItem) => string> = {
  pulih_RecordId: (item) => cell(item.recordId),
  pulih_RegistrationDate: (item) => cell(reportingDate(item.c.intakeAt)),
  org_Name: (item) => orgOf(item.org).csvName,
  org_Type: (item) => orgOf(item.org).csvType,
  con_Consent: () => 'true',
  vic_AgreementToManagePersonalData: () => 'true',
  pulih_ConsentPurposes: (item) => purposesOf(item.purposes).csv,
};

/** The CSV's columns in `csvColumns` order: made once from the standard's field list. */
const plan: readonly Column[] = csvColumns.map((name): Column => {
  const field = caseFieldOf.get(name);
  if (field) return { kind: 'case', group: field.group, of: field.of };
  if (eventColumns.has(name)) return { kind: 'event', of: eventText[name as keyof typeof eventText] };
  const own = itemColumns[name];
  if (own) return { kind: 'item', of: own };
  if (identityColumns.has(name)) return { kind: 'identity', name };
  return { kind: 'none' };
});

/** One record's cells in `csvColumns` order (a reused array). */
const cells: string[] = csvColumns.map(() => '');

/** One item as a CSV line without its line break: the cells joined once, no string built cell by cell. */
function csvLine(item: HtcdsExportItem): string {
  const { c, groups, identity } = item;
  const events = groups.has(EVENTS_GROUP) && c.events.length > 0 ? c.events : undefined;
  for (let i = 0; i < plan.length; i++) {
    const col = plan[i]!;
    let out = '';
    switch (col.kind) {
      case 'case':
        if (col.group === undefined || groups.has(col.group)) {
          const t = text(col.of(c));
          if (t !== '') out = cell(t);
        }
        break;
      case 'event':
        if (events !== undefined) {
          let t = col.of(events[0]!);
          for (let e = 1; e < events.length; e++) t += MULTI_SEPARATOR + col.of(events[e]!);
          if (t !== '') out = cell(t);
        }
        break;
      case 'item':
        out = col.of(item);
        break;
      case 'identity':
        if (identity !== undefined) {
          const t = text(identity[col.name]);
          if (t !== '') out = cell(t);
        }
        break;
    }
    cells[i] = out;
  }
  return cells.join(',');
}

/**
 * How long a chunk of the export's text gets (UTF-16 code units) before it is written: lines are joined into one
 * string until it is at least this long. Under 64 Ki code units a chunk stays below V8's largest regular object
 * (128 KiB, a two-byte string when one line holds a character beyond Latin-1, e.g. an en dash in an agency's name),
 * so it is made in the young generation and dies there once written. A page's text in one string (250 KB to 1 MB)
 * went to the large-object space, which only a full collection frees: the old generation grew by a page's text at
 * every page until V8 collected it, and the peak RSS with it (issue 14, tenth session, docs/operations.md).
 */
export const CHUNK_CHARS = 32_768;

/**
 * Joins lines into chunks of about CHUNK_CHARS: `add` a line (its break included), then `take` the chunk when
 * `full`, and once more at the end. The lines of a chunk are held until it is taken, no longer.
 */
class Chunker {
  private lines: string[] = [];
  private size = 0;
  add(line: string): void {
    this.lines.push(line);
    this.size += line.length;
  }
  get full(): boolean {
    return this.size >= CHUNK_CHARS;
  }
  get empty(): boolean {
    return this.lines.length === 0;
  }
  take(): string {
    const text = this.lines.join('');
    this.lines.length = 0;
    this.size = 0;
    return text;
  }
}

/** The export as CSV text: the header, then the records' lines in chunks of about CHUNK_CHARS. */
export async function* htcdsCsvChunks(exp: HtcdsExport): AsyncGenerator<string> {
  yield csvHeaderLine;
  const out = new Chunker();
  for await (const page of exp.pages) {
    for (let i = 0; i < page.length; i++) {
      out.add(`${csvLine(page[i]!)}\n`);
      if (out.full) yield out.take();
    }
  }
  if (!out.empty) yield out.take();
}

/* ---------- JSON ---------- */

/** Per case field: its group, its value, and its key as JSON text (`,"name":`), made once. */
const jsonFields = caseFields.map((f) => ({ ...f, key: `,${JSON.stringify(f.name)}:` }));
const EVENTS_JSON_KEY = `,${JSON.stringify(EVENTS_KEY)}:`;

function eventJson(e: ExchangeCaseEvent): string {
  let t = `{"hte_Type":${JSON.stringify(e.type)},"hte_Country":${JSON.stringify(e.countryCode)}`;
  if (e.regionCode) t += `,"hte_State":${JSON.stringify(e.regionCode)}`;
  if (e.city) t += `,"hte_City":${JSON.stringify(e.city)}`;
  if (e.startedOn) t += `,"hte_Date":${JSON.stringify(e.startedOn)}`;
  return `${t}}`;
}

/**
 * One item as JSON text, keys in the record's order (`caseToRecord`'s): exactly `JSON.stringify(itemToRecord(item))`.
 * An item with identity fields (rare: asked for, under an international-sharing consent) goes through the record.
 */
function jsonRecord(item: HtcdsExportItem): string {
  if (item.identity !== undefined) return JSON.stringify(itemToRecord(item));
  const { c, groups } = item;
  let t = `{"pulih_RecordId":${JSON.stringify(item.recordId)},"pulih_RegistrationDate":${JSON.stringify(reportingDate(c.intakeAt))}${orgOf(item.org).json},"con_Consent":true,"vic_AgreementToManagePersonalData":true${purposesOf(item.purposes).json}`;
  for (let i = 0; i < jsonFields.length; i++) {
    const f = jsonFields[i]!;
    if (f.group !== undefined && !groups.has(f.group)) continue;
    const v = f.of(c);
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    t += f.key + JSON.stringify(v);
  }
  if (groups.has(EVENTS_GROUP) && c.events.length > 0) {
    t += `${EVENTS_JSON_KEY}[${eventJson(c.events[0]!)}`;
    for (let e = 1; e < c.events.length; e++) t += `,${eventJson(c.events[e]!)}`;
    t += ']';
  }
  return `${t}}`;
}

/** The export as a JSON array, one record a line, in chunks of about CHUNK_CHARS. */
export async function* htcdsJsonChunks(exp: HtcdsExport): AsyncGenerator<string> {
  yield '[';
  const out = new Chunker();
  let first = true;
  for await (const page of exp.pages) {
    for (let i = 0; i < page.length; i++) {
      out.add(`${first ? '\n' : ',\n'}${jsonRecord(page[i]!)}`);
      first = false;
      if (out.full) yield out.take();
    }
  }
  if (!out.empty) yield out.take();
  yield '\n]\n';
}

/* ---------- the export as long work ---------- */

/**
 * The export, authorised, audited and serialised, as one piece of long work: mapping and serialising a million
 * records is seconds of CPU, run on the API's work thread (platform/offload.ts; issue 8: no request stalls the
 * others). The head carries the candidates' count for the progress header.
 */
export const htcdsExportTask: OffloadTask<THtcdsExportQuery, { candidates: number }> = {
  name: 'exchange.htcdsExport',
  async run(ctx, query) {
    const exp = await exportHtcds(ctx, query);
    return {
      head: { candidates: exp.candidates },
      body: query.format === 'csv' ? htcdsCsvChunks(exp) : htcdsJsonChunks(exp),
    };
  },
};
