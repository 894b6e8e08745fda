/**
 * The import entry points: a dropped/picked file, or pasted text → ParsedTable.
 * Every failure is a `WorkbenchError('bad-input')` whose message names the problem and, where
 * there is one, the line or row.
 */
import { reason, refusal } from '../../core';
import type { FeedbackFormat, ParsedTable } from '../types';
import { decodeText, fileParam, PASTED_TEXT_NAME, stripBom, type LossyUtf8Policy } from './decode';
import { detectTableDelimiter, parseDelimited } from './delimited';
import { parseJsonLines, parseJsonTable } from './json';
import { extensionOf, sniffContainer, sniffTextShape, SUPPORTED_EXTENSIONS, XLSX_EXTENSIONS } from './sniff';
import type { TableParts } from './table';
import { parseXlsx } from './xlsx';

export interface ParseOptions {
  /** What to do with invalid UTF-8; see decode.ts for the 'auto' rule. */
  lossyUtf8?: LossyUtf8Policy;
}

export interface PasteOptions {
  /** How plain (non-table) text is split into rows: 'auto' uses blank lines when entries span several lines. */
  split?: 'auto' | 'lines' | 'paragraphs';
}

const CONTAINER_NAMES = { pdf: 'kindPdf', gzip: 'kindGzip', image: 'kindImage' } as const;

function finish(parts: TableParts, format: FeedbackFormat, extra: Partial<ParsedTable> & { warnings?: string[] }, name: string): ParsedTable {
  if (parts.rows.length === 0) {
    throw refusal(reason(parts.columns.length > 0 ? 'tableHeaderOnly' : 'tableNoRows', { file: fileParam(name) }));
  }
  return { ...extra, columns: parts.columns, rows: parts.rows, format, warnings: [...(extra.warnings ?? []), ...parts.warnings] };
}

/** Reads a feedback file. Format comes from the extension, corrected by the content when they disagree. */
export async function parseFeedbackFile(file: { name: string; bytes: Uint8Array }, options: ParseOptions = {}): Promise<ParsedTable> {
  const { name, bytes } = file;
  const extension = extensionOf(name);
  if (extension === 'xls') {
    throw refusal(reason('fileXls', { file: name }));
  }
  if (extension !== '' && !(SUPPORTED_EXTENSIONS as readonly string[]).includes(extension)) {
    throw refusal(reason('fileUnsupportedExtension', { extension }));
  }
  if (bytes.length === 0) throw refusal(reason('fileEmpty', { file: name }));

  const container = sniffContainer(bytes);
  const isXlsxName = (XLSX_EXTENSIONS as readonly string[]).includes(extension);
  if (container === 'zip') {
    const table = await parseXlsx(bytes, name);
    const warnings = isXlsxName ? [] : [`"${name}" is an Excel workbook, not ${extension ? `.${extension}` : 'text'}; it was read as .xlsx.`];
    return finish(table, 'xlsx', { sheet: table.sheet, warnings }, name);
  }
  if (container === 'ole2') {
    throw refusal(reason('fileOle2', { file: name }));
  }
  if (container !== null) throw refusal(reason('fileNotTable', { file: name, kind: reason(CONTAINER_NAMES[container]) }));
  if (isXlsxName) throw refusal(reason('fileXlsxNotZip', { file: name }));

  // Text formats. decodeText rejects binary content the signatures above did not recognise.
  const decoded = decodeText(bytes, name, options.lossyUtf8);
  const { text } = decoded;
  const warnings = [...decoded.warnings];
  const shape = sniffTextShape(text);

  if (extension === 'json' || extension === 'jsonl' || extension === 'ndjson') {
    // .jsonl is JSON Lines unless it holds a JSON array; .json is JSON unless it looks like JSON Lines.
    const lines = extension === 'json' ? shape === 'jsonl' : !text.trimStart().startsWith('[');
    if (lines && extension === 'json') warnings.push(`"${name}" holds JSON Lines (one object per line); it was read that way.`);
    return lines ? finish(parseJsonLines(text, name), 'jsonl', { warnings }, name) : finish(parseJsonTable(text, name), 'json', { warnings }, name);
  }
  if (extension === 'tsv' || extension === 'tab') {
    const table = parseDelimited(text, { delimiter: '\t', header: 'auto', fileName: name });
    return finish(table, 'tsv', { delimiter: '\t', warnings }, name);
  }
  if (extension === 'csv') {
    const table = parseDelimited(text, { header: 'auto', fileName: name });
    return finish(table, table.delimiter === '\t' ? 'tsv' : 'csv', { delimiter: table.delimiter, warnings }, name);
  }
  // .txt or no extension: decide by content, like a paste.
  const table = parseLooseText(text, name, {});
  return { ...table, warnings: [...warnings, ...table.warnings] };
}

/** Reads pasted text: JSON, JSON Lines, a copied spreadsheet range (TSV), a CSV with a header, or one feedback per line. */
export function parsePastedText(text: string, options: PasteOptions = {}): ParsedTable {
  const clean = stripBom(text);
  if (clean.trim() === '') throw refusal(reason('pasteEmpty'));
  return parseLooseText(clean, PASTED_TEXT_NAME, options);
}

function parseLooseText(text: string, name: string, options: PasteOptions): ParsedTable {
  const shape = sniffTextShape(text);
  if (shape === 'json') return finish(parseJsonTable(text, name), 'json', {}, name);
  if (shape === 'jsonl') return finish(parseJsonLines(text, name), 'jsonl', {}, name);
  const delimiter = detectTableDelimiter(text);
  if (delimiter) {
    const table = parseDelimited(text, { delimiter, header: 'auto', fileName: name });
    return finish(table, delimiter === '\t' ? 'tsv' : 'csv', { delimiter }, name);
  }
  return finish(splitPlainText(text, options.split ?? 'auto'), 'text', {}, name);
}

/**
 * One feedback per line, or per paragraph when entries span several lines separated by blank
 * lines (what people get when they paste emails or survey answers). 'auto' picks paragraphs
 * when blank lines split the text into blocks, some of several lines, none longer than
 * 12 lines: a longer block is a list with a stray blank line, not a paragraph.
 */
export function splitPlainText(text: string, split: 'auto' | 'lines' | 'paragraphs'): TableParts {
  const normalized = text.replace(/\r\n?/g, '\n');
  const paragraphs = normalized
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const lineCounts = paragraphs.map((p) => p.split('\n').length);
  const useParagraphs =
    split === 'paragraphs' || (split === 'auto' && paragraphs.length > 1 && lineCounts.some((n) => n > 1) && lineCounts.every((n) => n <= 12));
  const texts = useParagraphs
    ? paragraphs.map((p) => p.replace(/\s*\n\s*/g, ' '))
    : normalized
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
  return { columns: ['text'], rows: texts.map((t) => ({ text: t })), warnings: [] };
}
