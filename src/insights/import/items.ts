/**
 * ParsedTable + ColumnMapping → FeedbackItems. Empty and duplicate rows are reported, not
 * silently dropped: empty rows have nothing to analyse, so they are left out of `items` and
 * listed in `report.empty`; duplicates stay in `items` with `duplicateOf` set, because the same
 * complaint from two customers can be signal and only the user can tell.
 */
import { reason, refusal } from '../../core';
import type { ColumnMapping, FeedbackItem, ParsedTable } from '../types';
import { detectDayFirst, parseDate } from './dates';

export interface ImportReport {
  /** Rows in the table. */
  total: number;
  /** Row numbers (1-based positions in table.rows) whose text is blank. */
  empty: number[];
  duplicates: Array<{ row: number; duplicateOf: number }>;
  /** Non-blank dates that could not be read (left null). */
  unparsedDates: number;
  /** Non-blank ratings that are not numbers (left null). */
  unparsedRatings: number;
  /** Human-readable sentences for the above, for the import summary. */
  warnings: string[];
}

/** "4", "4.5", "4/5", "4 stars", "★★★★☆" → a number; null when it is none of those. */
export function parseRating(value: string): number | null {
  const text = value.trim();
  if (text === '') return null;
  if (/^[★☆]+$/.test(text)) return [...text].filter((c) => c === '★').length;
  const m = /^(-?\d+(?:[.,]\d+)?)\s*(?:\/\s*\d+|stars?|points?|分|星)?$/i.exec(text);
  return m ? Number(m[1]!.replace(',', '.')) : null;
}

/** The key that makes two texts "the same": case, width (full-width ＡＢＣ) and spacing do not count. */
export function normalizeForDuplicates(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The most rows a dataset may have. 400,000 rows (108 MB) saved and opened in Chromium; 800,000
 * failed to save with an AbortError after a long freeze (issue 11). Refused up front instead,
 * with the limit named.
 */
export const DATASET_ROW_LIMIT = 500_000;

const ROLE_NAMES = { text: 'roleText', date: 'roleDate', rating: 'roleRating', segment: 'roleSegment', id: 'roleId' } as const;

export function toFeedbackItems(table: ParsedTable, mapping: ColumnMapping): { items: FeedbackItem[]; report: ImportReport } {
  if (table.rows.length > DATASET_ROW_LIMIT) {
    throw refusal(reason('datasetTooManyRows', { rows: table.rows.length.toLocaleString('en'), limit: DATASET_ROW_LIMIT.toLocaleString('en') }));
  }
  if (!mapping.text) throw refusal(reason('mappingNoText'));
  for (const role of ['text', 'date', 'rating', 'segment', 'id'] as const) {
    const column = mapping[role];
    if (column && !table.columns.includes(column)) {
      throw refusal(reason('mappingColumnMissing', { role: reason(ROLE_NAMES[role]), column }));
    }
  }
  const { text: textColumn, date: dateColumn, rating: ratingColumn, segment: segmentColumn, id: idColumn } = mapping;
  const dayFirst = dateColumn ? detectDayFirst(table.rows.map((r) => r[dateColumn] ?? '')) : false;

  const items: FeedbackItem[] = [];
  const empty: number[] = [];
  const duplicates: ImportReport['duplicates'] = [];
  const firstSeen = new Map<string, number>();
  let unparsedDates = 0;
  let unparsedRatings = 0;

  table.rows.forEach((record, index) => {
    const row = index + 1;
    const text = (record[textColumn] ?? '').trim();
    if (text === '') {
      empty.push(row);
      return;
    }
    const rawId = idColumn ? (record[idColumn] ?? '').trim() : '';
    // With an id column, the same text under different ids is two customers, not a duplicate.
    const key = `${rawId}\u0000${normalizeForDuplicates(text)}`;
    const earlier = firstSeen.get(key);
    if (earlier === undefined) firstSeen.set(key, row);
    else duplicates.push({ row, duplicateOf: earlier });

    let date: string | null = null;
    const rawDate = dateColumn ? (record[dateColumn] ?? '').trim() : '';
    if (rawDate !== '') {
      date = parseDate(rawDate, { dayFirst });
      if (date === null) unparsedDates++;
    }
    let rating: number | null = null;
    const rawRating = ratingColumn ? (record[ratingColumn] ?? '').trim() : '';
    if (rawRating !== '') {
      rating = parseRating(rawRating);
      if (rating === null) unparsedRatings++;
    }
    const segment = segmentColumn ? (record[segmentColumn] ?? '').trim() || null : null;
    items.push({ row, id: rawId || `row-${row}`, text, date, rating, segment, duplicateOf: earlier ?? null });
  });

  const warnings: string[] = [];
  if (empty.length > 0) warnings.push(`${plural(empty.length, 'row has', 'rows have')} no text and ${empty.length === 1 ? 'was' : 'were'} left out.`);
  if (duplicates.length > 0) warnings.push(`${plural(duplicates.length, 'row repeats', 'rows repeat')} the text of an earlier row.`);
  if (unparsedDates > 0) warnings.push(`${plural(unparsedDates, 'date', 'dates')} could not be read and ${unparsedDates === 1 ? 'was' : 'were'} left blank.`);
  if (unparsedRatings > 0)
    warnings.push(`${plural(unparsedRatings, 'rating is', 'ratings are')} not a number and ${unparsedRatings === 1 ? 'was' : 'were'} left blank.`);
  return { items, report: { total: table.rows.length, empty, duplicates, unparsedDates, unparsedRatings, warnings } };
}
