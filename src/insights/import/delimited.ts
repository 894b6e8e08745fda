/**
 * CSV / TSV through papaparse: quoted fields with newlines, CRLF, delimiter auto-detection
 * (comma, tab, semicolon, pipe). papaparse scans with indexOf, so a 200,000-character line or
 * 100,000 rows stay linear.
 */
import Papa from 'papaparse';
import { reason, refusal } from '../../core';
import { fileParam, lineOfOffset } from './decode';
import { buildTable, looksLikeHeader, type HeaderMode, type TableParts } from './table';

export interface DelimitedResult extends TableParts {
  delimiter: string;
}

const DELIMITERS = [',', '\t', ';', '|'];

/** Parses delimited text; an unclosed quote is an error naming its line, since everything after it would land in one cell. */
export function parseDelimited(text: string, options: { delimiter?: string; header: HeaderMode; fileName: string }): DelimitedResult {
  const result = Papa.parse<string[]>(text, {
    delimiter: options.delimiter ?? '',
    delimitersToGuess: DELIMITERS,
    header: false,
    skipEmptyLines: true,
    dynamicTyping: false,
  });
  const warnings: string[] = [];
  let invalidQuotes = 0;
  for (const error of result.errors) {
    if (error.code === 'MissingQuotes') {
      const line = typeof error.index === 'number' ? lineOfOffset(text, error.index) : null;
      // papaparse counts rows from 0 including the header; our row numbers are 1-based data rows.
      const first = result.data[0];
      const headerRows = options.header === 'first-row' || (options.header === 'auto' && first !== undefined && looksLikeHeader(first)) ? 1 : 0;
      const row = (error.row ?? 0) + 1 - headerRows;
      const where = line === null ? reason('csvWhereRow', { row }) : reason('csvWhereRowLine', { row, line });
      throw refusal(reason('csvUnclosedQuote', { file: fileParam(options.fileName), where }));
    }
    if (error.code === 'InvalidQuotes') invalidQuotes++;
    // UndetectableDelimiter just means one column; papaparse then uses ',' which is harmless.
  }
  if (invalidQuotes > 0) {
    warnings.push(`${invalidQuotes} field${invalidQuotes === 1 ? ' has' : 's have'} a stray quote after the closing quote; the text was kept as written.`);
  }
  const table = buildTable(result.data, options.header);
  return { ...table, warnings: [...warnings, ...table.warnings], delimiter: result.meta.delimiter };
}

/**
 * For pasted text and .txt files, where prose with commas is common: is this a table?
 * Tabs on most lines (a spreadsheet copy) say yes. Commas or semicolons say yes only when the
 * field counts agree and the first row looks like column names (no leading/trailing spaces,
 * none empty), so "Love it, but the battery dies" stays one row of feedback.
 */
export function detectTableDelimiter(text: string): string | null {
  const sample = text.slice(0, 64 * 1024);
  const lines = sample.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (text.length > sample.length && lines.length > 1) lines.pop(); // the last line may be cut
  if (lines.length < 2) return null;
  const tabbed = lines.filter((line) => line.includes('\t')).length;
  if (tabbed / lines.length >= 0.8) return '\t';

  const preview = Papa.parse<string[]>(lines.slice(0, 50).join('\n'), { delimitersToGuess: [',', ';', '|'], skipEmptyLines: true });
  const delimiter = preview.meta.delimiter;
  if (preview.errors.some((e) => e.code === 'UndetectableDelimiter' || e.code === 'MissingQuotes')) return null;
  const rows = preview.data;
  const header = rows[0];
  if (!header || header.length < 2) return null;
  const consistent = rows.filter((row) => row.length === header.length).length / rows.length;
  const headerLike = header.every((cell) => cell !== '' && cell === cell.trim() && cell.length <= 60);
  return consistent >= 0.9 && headerLike ? delimiter : null;
}
