/**
 * Cells (string[][]) → columns and row records, shared by CSV/TSV and XLSX so both get the same
 * header rules: blank or repeated headers get generated names, ragged rows are padded or widened
 * with a warning, and a first row that looks like data is not swallowed as a header.
 */

export interface TableParts {
  columns: string[];
  rows: Record<string, string>[];
  warnings: string[];
}

export type HeaderMode = 'first-row' | 'auto' | 'none';

const NUMBER = /^[-+]?(\d+([.,]\d+)?|\.\d+)(e[-+]?\d+)?%?$/i;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}([ T].*)?$/;

export function isNumeric(value: string): boolean {
  return NUMBER.test(value.trim());
}

/**
 * A header row names columns; it has no numbers or ISO dates in it. Files without a header
 * (e.g. `sentence<TAB>0`) start with data, and we would rather say so than lose that row.
 */
export function looksLikeHeader(row: readonly string[]): boolean {
  return row.every((cell) => {
    const value = cell.trim();
    return value === '' || (!isNumeric(value) && !ISO_DATE.test(value));
  });
}

/**
 * Unique, non-empty column names. `__proto__` is renamed because assigning it on a plain object
 * would set the prototype instead of storing the cell.
 */
export function uniqueColumnNames(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw, index) => {
    let name = raw.trim() || `column_${index + 1}`;
    if (name === '__proto__') name = '__proto___';
    const base = name;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}

function isBlankRow(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '');
}

/** Builds the table. Blank rows before the header and at the end are dropped; blank rows in between are kept (they are reported as empty later). */
export function buildTable(cells: string[][], header: HeaderMode): TableParts {
  const warnings: string[] = [];
  let start = 0;
  while (start < cells.length && isBlankRow(cells[start]!)) start++;
  let end = cells.length;
  while (end > start && isBlankRow(cells[end - 1]!)) end--;
  if (start >= end) return { columns: [], rows: [], warnings };

  const first = cells[start]!;
  const hasHeader = header === 'first-row' || (header === 'auto' && looksLikeHeader(first));
  if (header === 'auto' && !hasHeader) {
    warnings.push('The first row looks like data, not column names, so it was kept as a row and the columns were named column_1, column_2, ….');
  }
  const dataStart = hasHeader ? start + 1 : start;

  const headerWidth = hasHeader ? first.length : 0;
  let width = headerWidth;
  let longer = 0;
  let shorter = 0;
  for (let i = dataStart; i < end; i++) {
    const length = cells[i]!.length;
    if (hasHeader && length > headerWidth) longer++;
    else if (hasHeader && length < headerWidth && !(length === 1 && headerWidth > 1 && cells[i]![0] === '')) shorter++;
    if (length > width) width = length;
  }

  const names = uniqueColumnNames(Array.from({ length: width }, (_, i) => (hasHeader ? (first[i] ?? '') : '')));
  if (longer > 0) {
    warnings.push(
      `${longer} row${longer === 1 ? ' has' : 's have'} more cells than the header; the extra cells are in ${names.slice(headerWidth).join(', ')}.`,
    );
  }
  if (shorter > 0) {
    warnings.push(`${shorter} row${shorter === 1 ? ' has' : 's have'} fewer cells than the header; the missing cells were left blank.`);
  }

  const rows: Record<string, string>[] = new Array(end - dataStart);
  for (let i = dataStart; i < end; i++) {
    const source = cells[i]!;
    const record: Record<string, string> = {};
    for (let c = 0; c < width; c++) record[names[c]!] = source[c] ?? '';
    rows[i - dataStart] = record;
  }
  return { columns: names, rows, warnings };
}
