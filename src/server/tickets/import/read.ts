import { extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { TicketImportError } from './columns.ts';
import { exceljs } from '../../documents/libraries.ts';

/** A table as a clerk sees it in Excel or WPS: the header row, then rows numbered as the sheet numbers them. */
export interface Table {
  header: string[];
  rows: Array<{ row: number; cells: string[] }>;
  /** How a CSV was decoded (null for xlsx). */
  encoding: 'utf-8' | 'gbk' | null;
}

export type Encoding = 'auto' | 'utf-8' | 'gbk';

/**
 * Text of a CSV: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK — what Excel
 * and WPS on a Chinese Windows write by default. Decoded as GB18030, GBK's superset, with Node's
 * built-in ICU decoder; bytes valid in neither are refused rather than read as garbage.
 */
export function decodeCsv(bytes: Uint8Array, encoding: Encoding = 'auto'): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (encoding !== 'gbk') {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      if (encoding === 'utf-8') throw new TicketImportError('文件不是有效的 UTF-8 文本（若为 GBK 编码，请用 --encoding gbk 或不指定编码）');
    }
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gbk' };
  } catch {
    throw new TicketImportError('文件既不是有效的 UTF-8 也不是有效的 GBK 文本，请另存为 UTF-8 编码的 CSV 或 xlsx');
  }
}

const blank = (cells: string[]) => cells.every((c) => c.trim() === '');

/** RFC 4180 CSV (quoted cells may hold commas, quotes and line breaks); a record counts as one sheet row. */
export function readCsv(text: string): Omit<Table, 'encoding'> {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    const where = e.lines ? `第 ${e.lines} 行（文本行）附近` : '';
    const what = e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号没有闭合' : e.code === 'CSV_INVALID_CLOSING_QUOTE' ? '引号后紧跟了其他字符' : 'CSV 格式错误';
    throw new TicketImportError(`${where}${what}，无法读取文件`);
  }
  const headerAt = records.findIndex((r) => !blank(r));
  if (headerAt < 0) throw new TicketImportError('文件是空的');
  const header = records[headerAt]!;
  const rows: Table['rows'] = [];
  records.forEach((cells, i) => {
    if (i <= headerAt || blank(cells)) return;
    if (cells.length > header.length && !blank(cells.slice(header.length))) {
      throw new TicketImportError(`第 ${i + 1} 行：有 ${cells.length} 列，多于表头的 ${header.length} 列（内容中的逗号须放在引号内）`);
    }
    rows.push({ row: i + 1, cells });
  });
  return { header, rows };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** One cell as text. A date cell holds the wall-clock time it shows (exceljs gives it as UTC): Beijing time. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const d = value;
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
    return '';
  }
  return String(value);
}

/** The first worksheet of an xlsx workbook; its first non-empty row is the header. */
export async function readXlsx(bytes: Uint8Array): Promise<Omit<Table, 'encoding'>> {
  const workbook = new (await exceljs()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new TicketImportError('无法读取 xlsx 文件（文件损坏，或不是 Excel 2007 及以后的格式；.xls 请另存为 .xlsx 或 CSV）');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new TicketImportError('工作簿中没有工作表');
  let header: string[] | null = null;
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (r, n) => {
    const cells: string[] = [];
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    const full = Array.from(cells, (c) => c ?? '');
    if (blank(full)) return;
    if (!header) header = full;
    else rows.push({ row: n, cells: full });
  });
  if (!header) throw new TicketImportError('工作表是空的');
  return { header, rows };
}

/** A CSV or xlsx file, by its extension (.xlsx) or by its first bytes (a zip archive). */
export async function readTable(name: string, bytes: Uint8Array, encoding: Encoding = 'auto'): Promise<Table> {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (extname(name).toLowerCase() === '.xlsx' || zip) return { ...(await readXlsx(bytes)), encoding: null };
  if (extname(name).toLowerCase() === '.xls') throw new TicketImportError('不支持 .xls（Excel 97–2003）格式，请另存为 .xlsx 或 CSV');
  const { text, encoding: used } = decodeCsv(bytes, encoding);
  return { ...readCsv(text), encoding: used };
}
