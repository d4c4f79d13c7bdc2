/**
 * A PDF from a document model (headings, paragraphs, facts, tables), with
 * pdfkit and Open Sans embedded so that æ, ø, å and every other letter a
 * Norwegian name may hold render the same everywhere. Pure: the same model
 * and time give the same bytes; nothing is read but the font files.
 *
 * Shared by every feature that hands out a PDF: the inspection folder and
 * the owner's report (src/inspection/), a person's own data (src/privacy/).
 */
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

export type PdfCell = string | { text: string; fill?: string; bold?: boolean };

export interface PdfTable {
  /** Widths as shares of the line; they should add up to 1. */
  columns: { title: string; width: number; align?: 'left' | 'right' }[];
  rows: PdfCell[][];
  /** Shown instead of the table when it has no rows. */
  empty: string;
}

export type PdfBlock =
  | { kind: 'heading'; text: string; level: 1 | 2 }
  | { kind: 'paragraph'; text: string; subtle?: boolean }
  | { kind: 'facts'; facts: { title: string; value: string }[] }
  | { kind: 'table'; table: PdfTable };

export interface PdfDocumentModel {
  title: string;
  subtitle: string;
  /** Bottom of every page, with the page number. */
  footer: string;
  /** "Side {page} av {pages}" in the document's language. */
  pageOf: string;
  language: string;
  createdAt: Date;
  blocks: PdfBlock[];
}

const FONT_DIR = join(dirname(require.resolve('open-sans-fonts/package.json')), 'open-sans');
const REGULAR = join(FONT_DIR, 'Regular', 'OpenSans-Regular.ttf');
const BOLD = join(FONT_DIR, 'Bold', 'OpenSans-Bold.ttf');

const MARGIN = 50;
const FOOTER_SPACE = 30;
const CELL_PAD = 3;
const GREY = '#555555';
const LINE = '#999999';

export const PDF_FILLS = { red: '#f4b6b6', yellow: '#fbe7a1', green: '#c8e6c0', warning: '#fde2c4' } as const;

const cellText = (c: PdfCell) => (typeof c === 'string' ? c : c.text);

export function renderPdf(model: PdfDocumentModel): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang: model.language,
      info: { Title: model.title, Subject: model.subtitle, Author: 'TryggMeld', Creator: 'TryggMeld', CreationDate: model.createdAt, ModDate: model.createdAt },
    } as PDFKit.PDFDocumentOptions);
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.registerFont('Body', REGULAR);
    doc.registerFont('Bold', BOLD);

    const width = doc.page.width - 2 * MARGIN;
    const bottom = () => doc.page.height - MARGIN - FOOTER_SPACE;
    const ensure = (height: number) => {
      if (doc.y + height > bottom()) doc.addPage();
    };

    doc.font('Bold').fontSize(18).fillColor('black').text(model.title, { width });
    doc.font('Body').fontSize(10).fillColor(GREY).text(model.subtitle, { width });
    doc.moveDown(1);

    for (const block of model.blocks) {
      switch (block.kind) {
        case 'heading': {
          const size = block.level === 1 ? 14 : 11.5;
          doc.font('Bold').fontSize(size);
          ensure(doc.heightOfString(block.text, { width }) + 40);
          doc.moveDown(block.level === 1 ? 0.8 : 0.4);
          doc.fillColor('black').text(block.text, MARGIN, doc.y, { width });
          doc.moveDown(0.3);
          break;
        }
        case 'paragraph': {
          doc.font('Body').fontSize(9.5);
          ensure(Math.min(doc.heightOfString(block.text, { width }), 60));
          doc.fillColor(block.subtle ? GREY : 'black').text(block.text, MARGIN, doc.y, { width });
          doc.moveDown(0.4);
          break;
        }
        case 'facts': {
          const labelWidth = width * 0.32;
          for (const f of block.facts) {
            doc.font('Body').fontSize(9.5);
            const h = Math.max(doc.heightOfString(f.title, { width: labelWidth - 6 }), doc.heightOfString(f.value, { width: width - labelWidth }));
            ensure(h + 2);
            const y = doc.y;
            doc.fillColor(GREY).text(f.title, MARGIN, y, { width: labelWidth - 6 });
            doc.fillColor('black').text(f.value, MARGIN + labelWidth, y, { width: width - labelWidth });
            doc.y = y + h + 2;
          }
          doc.moveDown(0.4);
          break;
        }
        case 'table':
          drawTable(doc, block.table, width, bottom);
          break;
      }
    }

    // Page numbers last, when the number of pages is known.
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const text = `${model.footer} · ${model.pageOf.replace('{page}', String(i + 1)).replace('{pages}', String(range.count))}`;
      doc.font('Body').fontSize(8).fillColor(GREY).text(text, MARGIN, doc.page.height - MARGIN - 12, { width, align: 'center', lineBreak: false });
    }
    doc.end();
  });
}

function drawTable(doc: PDFKit.PDFDocument, table: PdfTable, width: number, bottom: () => number): void {
  const x0 = doc.page.margins.left;
  if (table.rows.length === 0) {
    doc.font('Body').fontSize(9.5).fillColor(GREY).text(table.empty, x0, doc.y, { width });
    doc.moveDown(0.5);
    return;
  }
  const widths = table.columns.map((c) => c.width * width);
  const xs = widths.map((_, i) => x0 + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const fontSize = 8.5;
  const rowHeight = (cells: PdfCell[], bold: boolean) =>
    Math.max(...cells.map((c, i) => doc.font(bold || (typeof c !== 'string' && c.bold) ? 'Bold' : 'Body').fontSize(fontSize).heightOfString(cellText(c) || ' ', { width: widths[i] - 2 * CELL_PAD }))) + 2 * CELL_PAD;

  const drawRow = (cells: PdfCell[], header: boolean) => {
    const h = rowHeight(cells, header);
    const y = doc.y;
    cells.forEach((c, i) => {
      const fill = header ? '#e8e8e8' : typeof c === 'string' ? undefined : c.fill;
      if (fill) doc.save().rect(xs[i], y, widths[i], h).fill(fill).restore();
      doc
        .font(header || (typeof c !== 'string' && c.bold) ? 'Bold' : 'Body')
        .fontSize(fontSize)
        .fillColor('black')
        .text(cellText(c), xs[i] + CELL_PAD, y + CELL_PAD, { width: widths[i] - 2 * CELL_PAD, align: table.columns[i].align ?? 'left' });
    });
    doc.moveTo(x0, y + h).lineTo(x0 + width, y + h).lineWidth(header ? 0.8 : 0.3).strokeColor(LINE).stroke();
    doc.y = y + h;
  };

  const header = table.columns.map((c) => c.title);
  if (doc.y + rowHeight(header, true) + rowHeight(table.rows[0], false) > bottom()) doc.addPage();
  drawRow(header, true);
  for (const row of table.rows) {
    // A row that does not fit goes to the next page, under the header again.
    if (doc.y + rowHeight(row, false) > bottom()) {
      doc.addPage();
      drawRow(header, true);
    }
    drawRow(row, false);
  }
  doc.x = x0;
  doc.moveDown(0.6);
}
