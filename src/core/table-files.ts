/**
 * A table as a file people open in a spreadsheet: CSV the way Norwegian
 * Excel reads it (UTF-8 with BOM, ';' between fields, CRLF, quotes where
 * needed, and text that would start a formula made harmless), or XLSX
 * (exceljs) with real dates, a bold frozen header and filters.
 */
import type { Language } from './i18n';

/** A local calendar date, with a time of day when known: no time zone, as people wrote it. */
export interface LocalDateCell {
  date: string;
  time?: string;
}

export type TableCell = string | number | LocalDateCell | null;

export interface TableColumn {
  header: string;
  /** Width in characters in XLSX. */
  width?: number;
  /** Long or multi-line text: wrapped in XLSX. */
  wrap?: boolean;
}

export interface Table {
  /** The worksheet's name (at most 31 characters; []:*?/\ are dropped). */
  title: string;
  columns: TableColumn[];
  rows: TableCell[][];
}

function isDateCell(cell: TableCell): cell is LocalDateCell {
  return typeof cell === 'object' && cell !== null;
}

/** A date cell as text: 20.11.2026 10:15 (nb, nn) or 20/11/2026 10:15 (en). */
export function dateCellText(cell: LocalDateCell, language: Language): string {
  const [y, m, d] = cell.date.split('-');
  const date = language === 'en' ? `${d}/${m}/${y}` : `${d}.${m}.${y}`;
  return cell.time ? `${date} ${cell.time}` : date;
}

export function cellText(cell: TableCell, language: Language): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return language === 'en' ? String(cell) : String(cell).replace('.', ',');
  if (isDateCell(cell)) return dateCellText(cell, language);
  return cell;
}

/** A text Excel would read as a formula (=, +, -, @, tab, CR) gets a leading apostrophe (OWASP "CSV injection"). */
function guard(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvField(cell: TableCell, language: Language): string {
  const raw = cellText(cell, language);
  const text = typeof cell === 'string' ? guard(raw) : raw;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function tableToCsv(table: Table, language: Language): string {
  const lines = [table.columns.map((c) => csvField(c.header, language)), ...table.rows.map((row) => row.map((cell) => csvField(cell, language)))];
  return '\uFEFF' + lines.map((fields) => fields.join(';')).join('\r\n') + '\r\n';
}

const DATE_FORMAT: Record<Language, { date: string; dateTime: string }> = {
  nb: { date: 'dd.mm.yyyy', dateTime: 'dd.mm.yyyy hh:mm' },
  nn: { date: 'dd.mm.yyyy', dateTime: 'dd.mm.yyyy hh:mm' },
  en: { date: 'dd/mm/yyyy', dateTime: 'dd/mm/yyyy hh:mm' },
};

/** The wall-clock date and time as a spreadsheet serial: stored as UTC so Excel shows what was written. */
function asSpreadsheetDate(cell: LocalDateCell): Date {
  const [y, m, d] = cell.date.split('-').map(Number);
  const [hh, mm] = (cell.time ?? '00:00').split(':').map(Number);
  return new Date(Date.UTC(y, m - 1, d, hh, mm));
}

export async function tableToXlsx(table: Table, language: Language, options: { creator?: string; now?: Date } = {}): Promise<Buffer> {
  // Loaded when first needed: exceljs is large and most processes never write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = options.creator ?? 'TryggMeld';
  if (options.now) workbook.created = workbook.modified = options.now;
  const sheet = workbook.addWorksheet(table.title.replace(/[[\]:*?/\\]/g, '').slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.header, width: c.width ?? 16, style: c.wrap ? { alignment: { wrapText: true, vertical: 'top' } } : { alignment: { vertical: 'top' } } }));
  sheet.getRow(1).font = { bold: true };
  const formats = DATE_FORMAT[language];
  for (const row of table.rows) {
    const added = sheet.addRow(row.map((cell) => (isDateCell(cell) ? asSpreadsheetDate(cell) : cell)));
    row.forEach((cell, i) => {
      if (isDateCell(cell)) added.getCell(i + 1).numFmt = cell.time ? formats.dateTime : formats.date;
    });
  }
  if (table.columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
