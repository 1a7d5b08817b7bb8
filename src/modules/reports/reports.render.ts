/** A report's tables as a PDF (pdfkit, already used for case summaries) or an XLSX workbook (exceljs). */
import ExcelJS from 'exceljs';
import PDFDocument from 'pdfkit';
import type { ReportTable } from './reports.content.js';

export interface ReportMeta {
  title: string;
  subtitle: string;
}

export async function renderXlsx(meta: ReportMeta, tables: ReportTable[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'Pulih';
  book.title = meta.title;
  for (const table of tables) {
    // Sheet names: at most 31 characters, no []:*?/\ (Excel's rule).
    const sheet = book.addWorksheet(table.id.slice(0, 31));
    sheet.addRow([table.title]).font = { bold: true, size: 13 };
    sheet.addRow([meta.subtitle]);
    if (table.note) sheet.addRow([table.note]).font = { italic: true };
    sheet.addRow([]);
    sheet.addRow(table.columns).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row.map((v) => (v === null ? '' : v)));
    sheet.columns.forEach((c, i) => {
      c.width = i === 0 ? 48 : 16;
    });
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

export async function renderPdf(meta: ReportMeta, tables: ReportTable[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: meta.title, Author: 'Pulih' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.font('Helvetica-Bold').fontSize(16).text(meta.title);
  doc.font('Helvetica').fontSize(10).text(meta.subtitle).moveDown();
  const width = doc.page.width - 100;
  for (const table of tables) {
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(12).text(table.title).moveDown(0.2);
    if (table.note) doc.font('Helvetica-Oblique').fontSize(9).text(table.note).moveDown(0.2);
    const first = Math.max(0.35, 1 - 0.15 * (table.columns.length - 1));
    const widths = table.columns.map((_, i) =>
      i === 0 ? width * first : (width * (1 - first)) / (table.columns.length - 1),
    );
    const row = (cells: (string | number | null)[], bold: boolean) => {
      if (doc.y > doc.page.height - 80) doc.addPage();
      const y = doc.y;
      let x = 50;
      let bottom = y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
      cells.forEach((cell, i) => {
        doc.text(cell === null ? '—' : String(cell), x, y, { width: widths[i]! - 4 });
        bottom = Math.max(bottom, doc.y);
        x += widths[i]!;
      });
      doc.x = 50;
      doc.y = bottom + 2;
    };
    row(table.columns, true);
    for (const r of table.rows) row(r, false);
  }
  doc.end();
  return done;
}
