import { describe, expect, it } from 'vitest';
import { parseAttributes, parseEvents } from './cases.exchange.js';

/* The HTCDS export's aggregate cells (one row per case, issue 14): read in place, and refused when they do not
   parse back, so the stream reads that case again row by row. Pure parsing: no database. */
const US = '\u001f';
const RS = '\u001e';
const row = (...fields: string[]) => fields.join(US);

describe('aggregate cells of the HTCDS export', () => {
  it('reads attribute rows into sorted lists by key, ignoring unknown attributes', () => {
    const text = [
      row('vic_MethodsOfControl', 'Threats'),
      row('vic_MethodsOfControl', 'DebtBondage'),
      row('pulih_Other', 'x'),
      row('vic_TypeOfExploitation', 'ForcedLabour'),
    ].join(RS);
    const parsed = parseAttributes(text, 4);
    expect(parsed?.methodsOfControl).toEqual(['DebtBondage', 'Threats']);
    expect(parsed?.exploitationTypes).toEqual(['ForcedLabour']);
    expect(parsed?.vulnerabilities).toEqual([]);
    expect(parseAttributes(row('pulih_Other', 'x'), 1)).toBeUndefined();
  });

  it('refuses an attribute cell with a separator inside a value or another row count', () => {
    expect(parseAttributes(row('vic_MethodsOfControl', `a${US}b`), 1)).toBeUndefined();
    expect(parseAttributes(row('vic_MethodsOfControl', `a${RS}b`), 1)).toBeUndefined();
    expect(parseAttributes(row('vic_MethodsOfControl', 'a'), 2)).toBeUndefined();
    expect(parseAttributes('', 1)).toBeUndefined();
  });

  it('reads event rows in order, an empty field as null', () => {
    const text = [row('Recruitment', 'ID', '53', 'Kupang', '2024-01-02'), row('Exploitation', 'MY', '', '', '')].join(
      RS,
    );
    expect(parseEvents(text, 2)).toEqual([
      { type: 'Recruitment', countryCode: 'ID', regionCode: '53', city: 'Kupang', startedOn: '2024-01-02' },
      { type: 'Exploitation', countryCode: 'MY', regionCode: null, city: null, startedOn: null },
    ]);
  });

  it('refuses an event cell with a separator typed into a city or another row count', () => {
    expect(parseEvents(row('Transit', 'ID', '53', `Ku${US}pang`, ''), 1)).toBeUndefined();
    expect(parseEvents(row('Transit', 'ID', '53', `Ku${RS}pang`, ''), 1)).toBeUndefined();
    expect(parseEvents(row('Transit', 'ID', '53', 'Kupang'), 1)).toBeUndefined();
    expect(parseEvents(row('Transit', 'ID', '53', 'Kupang', ''), 2)).toBeUndefined();
  });
});
