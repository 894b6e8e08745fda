/**
 * What the Insights exports contain while the table is filtered (issue 15, point 2). Export CSV
 * saved the 44 rows a chart filter showed under the dataset's plain name while the reports
 * covered all 978: now the user chooses all rows or the rows shown, and a filtered export says
 * so in its file name and inside the file.
 */
import type { TableFilter } from './rows';

export type ExportScope = 'all' | 'shown';

/** Translated words for the filter's values (the UI's language, as on the filter chips). */
export interface FilterWords {
  sentiment(value: string): string;
  theme(id: number): string;
  category(value: string | null): string;
  rating(value: string): string;
  search(text: string): string;
}

function list<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

/** The active filter in words, in the table's order: ["Negative", "Rating 1"]; [] with no filter. */
export function filterParts(filter: TableFilter, words: FilterWords): string[] {
  const parts: string[] = [];
  if (filter.search?.trim()) parts.push(words.search(filter.search.trim()));
  for (const value of list(filter.sentiment)) parts.push(words.sentiment(value));
  for (const id of list(filter.themeId)) parts.push(words.theme(id));
  if (filter.category !== undefined) parts.push(words.category(filter.category));
  for (const segment of list(filter.segment)) parts.push(segment);
  for (const rating of list(filter.rating)) parts.push(words.rating(String(rating)));
  if (filter.dates) parts.push(filter.dates.label);
  return parts;
}

/** What a filtered export is: its filter in words and how many of the rows it holds. */
export interface ExportFilterNote {
  parts: readonly string[];
  shown: number;
  total: number;
}

/** The note when the export holds only the rows shown; null when it holds every row. */
export function exportNote(scope: ExportScope, parts: readonly string[], shown: number, total: number): ExportFilterNote | null {
  return scope === 'shown' && parts.length > 0 ? { parts, shown, total } : null;
}

// eslint-disable-next-line no-control-regex -- control characters are among what a file name must not contain
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]+/g;

/** A file-name-safe version of a dataset name. */
function fileStem(name: string): string {
  return name.replace(NOT_IN_FILE_NAMES, '_').replace(/\s+/g, ' ').trim().slice(0, 80) || 'feedback';
}

/** `alexa_1000`, or `alexa_1000 (Negative, Rating 1)` for the rows a filter shows. */
export function exportStem(datasetName: string, note: ExportFilterNote | null): string {
  const stem = fileStem(datasetName);
  if (!note) return stem;
  const filter = fileStem(note.parts.join(', ')).slice(0, 60);
  return `${stem} (${filter})`;
}

/** The line a filtered file starts with: "Filter: Negative, Rating 1 (44 of 978 rows)". */
export function filterLine(note: ExportFilterNote, describe: (note: ExportFilterNote) => string): string {
  return describe(note).replace(/[\r\n]+/g, ' ');
}

/** CSV with the filter as its first line, a `#` comment (pandas `comment='#'`, R `comment.char`), after the BOM. */
export function csvWithFilterLine(csv: string, line: string | null): string {
  if (line === null) return csv;
  const bom = csv.startsWith('\uFEFF') ? '\uFEFF' : '';
  return `${bom}# ${line}\r\n${csv.slice(bom.length)}`;
}

/** JSON: the plain array of rows; a filtered export wraps it with the filter and the counts. */
export function jsonWithFilter(json: string, note: ExportFilterNote | null, line: string | null): string {
  if (!note || line === null) return json;
  return JSON.stringify({ filter: line, filterParts: note.parts, rowsShown: note.shown, rowsTotal: note.total, rows: JSON.parse(json) as unknown }, null, 2);
}
