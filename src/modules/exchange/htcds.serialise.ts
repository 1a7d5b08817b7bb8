/**
 * The HTCDS export as text, a page at a time: CSV lines built directly (the quoting of RFC 4180 as csv-stringify
 * applies it: a cell holding a comma, a quote or a line break is quoted, quotes doubled) and JSON (an array, one
 * record a line). One string per page of records, so a million-record export costs one stream write per page,
 * not per record.
 */
import type { HtcdsExport } from './htcds.export.js';
import {
  csvColumns,
  EVENTS_KEY,
  type HtcdsEvent,
  type HtcdsRecord,
  htcdsEventFields,
  MULTI_SEPARATOR,
} from './htcds.mapping.js';

const needsQuotes = /[",\r\n]/;

function cell(value: string): string {
  return needsQuotes.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const eventColumns: ReadonlySet<string> = new Set(htcdsEventFields);
/** Per column: an event field, or a record field. */
const columns = csvColumns.map((name) => ({ name, event: eventColumns.has(name) }));

/** The header line: the field names in `csvColumns` order. */
export const csvHeaderLine = `${csvColumns.map(cell).join(',')}\n`;

/** One record's cells in `csvColumns` order (a reused array), cells as `recordToCsvRow` gives them, quoted. */
const cells: string[] = csvColumns.map(() => '');

/** One record as a CSV line without its line break: the cells joined once, no string built cell by cell. */
function csvLine(record: HtcdsRecord): string {
  const events = record[EVENTS_KEY] as HtcdsEvent[] | undefined;
  for (let i = 0; i < columns.length; i++) {
    const { name, event } = columns[i]!;
    let text = '';
    if (event) {
      if (events !== undefined && events.length > 0) {
        const field = name as keyof HtcdsEvent;
        text = events[0]![field] ?? '';
        for (let e = 1; e < events.length; e++) text += MULTI_SEPARATOR + (events[e]![field] ?? '');
      }
    } else {
      const v = record[name];
      if (v !== undefined) text = Array.isArray(v) ? (v as string[]).join(MULTI_SEPARATOR) : String(v);
    }
    cells[i] = text === '' ? text : cell(text);
  }
  return cells.join(',');
}

/** One record as a CSV line (with its line break). */
export function recordToCsvLine(record: HtcdsRecord): string {
  return `${csvLine(record)}\n`;
}

/** The export as CSV text: the header, then one string per page of records (its lines joined once). */
export async function* htcdsCsvChunks(exp: HtcdsExport): AsyncGenerator<string> {
  yield csvHeaderLine;
  for await (const page of exp.pages) {
    const lines: string[] = new Array(page.length + 1);
    for (let i = 0; i < page.length; i++) lines[i] = csvLine(page[i]!);
    lines[page.length] = '';
    yield lines.join('\n');
  }
}

/** The export as a JSON array, one record a line, one string per page. */
export async function* htcdsJsonChunks(exp: HtcdsExport): AsyncGenerator<string> {
  yield '[';
  let first = true;
  for await (const page of exp.pages) {
    let text = '';
    for (const record of page) {
      text += `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
      first = false;
    }
    yield text;
  }
  yield '\n]\n';
}
