/**
 * Suggests which column is the feedback text, the date, the rating, the segment and the id.
 * Only a suggestion: the UI shows it and the user can change every role. Heuristics look at a
 * spread-out sample of rows, so a 100,000-row file costs the same as a 2,000-row one.
 */
import type { ColumnMapping, ParsedTable } from '../types';
import { parseDate } from './dates';
import { isNumeric } from './table';

export interface ColumnGuess extends ColumnMapping {
  /** 5 for 1–5 stars, 10 for 0/1–10 scores (NPS); null without a rating column. */
  ratingScale: 5 | 10 | null;
}

export interface ColumnStats {
  name: string;
  nonEmpty: number;
  averageLength: number;
  numericShare: number;
  integerShare: number;
  min: number;
  max: number;
  distinct: number;
  uniqueShare: number;
  dateShare: number;
  urlShare: number;
  /** Values that are JSON arrays/objects (nested data, not prose). */
  structuredShare: number;
  /** Values with HTML tags: usually a rendered copy of a plain-text column. */
  markupShare: number;
}

const SAMPLE_ROWS = 2000;
const DISTINCT_CAP = 5000;

/** Splits "reviewText", "review_text", "Review Text" into lower-case words. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

function nameMatches(name: string, words: readonly string[], cjk: readonly string[] = []): boolean {
  const parts = nameWords(name);
  return parts.some((part) => words.includes(part)) || cjk.some((w) => name.includes(w));
}

const TEXT_NAMES = [
  'review',
  'reviews',
  'text',
  'comment',
  'comments',
  'feedback',
  'body',
  'content',
  'message',
  'verbatim',
  'response',
  'answer',
  'description',
  'complaint',
  'note',
  'notes',
];
const TEXT_CJK = ['评论', '内容', '评价', '反馈', '留言', '意见'];
const DATE_NAMES = ['date', 'time', 'timestamp', 'created', 'updated', 'submitted', 'day', 'at', 'datetime'];
const DATE_CJK = ['日期', '时间'];
const RATING_NAMES = ['rating', 'ratings', 'score', 'stars', 'star', 'nps', 'grade', 'rate'];
const RATING_CJK = ['评分', '星级', '打分', '评级'];
const ID_NAMES = ['id', 'uuid', 'key', 'identifier'];
/** In priority order: earlier names win. */
const SEGMENT_NAMES = [
  'source',
  'channel',
  'segment',
  'platform',
  'product',
  'app',
  'variation',
  'variant',
  'plan',
  'tier',
  'region',
  'country',
  'market',
  'store',
  'device',
  'os',
  'category',
  'cat',
  'type',
  'language',
  'locale',
];
const SEGMENT_CJK = ['渠道', '来源', '平台', '产品', '类别', '分类', '品类'];
const URL = /^(https?:\/\/|www\.)\S+$/i;
const MARKUP = /<\/?[a-z][a-z0-9]*(\s[^<>]*)?>/i;

/** Row indices spread over the whole table, so the guess is not just about the first rows. */
function sampleRows(count: number): number[] {
  if (count <= SAMPLE_ROWS) return Array.from({ length: count }, (_, i) => i);
  const step = count / SAMPLE_ROWS;
  return Array.from({ length: SAMPLE_ROWS }, (_, i) => Math.floor(i * step));
}

export function columnStats(table: ParsedTable): ColumnStats[] {
  const sample = sampleRows(table.rows.length);
  return table.columns.map((name) => {
    let nonEmpty = 0;
    let length = 0;
    let numeric = 0;
    let integer = 0;
    let min = Infinity;
    let max = -Infinity;
    let dates = 0;
    let urls = 0;
    let structured = 0;
    let markup = 0;
    const distinct = new Set<string>();
    for (const index of sample) {
      const value = (table.rows[index]?.[name] ?? '').trim();
      if (value === '') continue;
      nonEmpty++;
      length += value.length;
      if (distinct.size < DISTINCT_CAP) distinct.add(value);
      if (isNumeric(value)) {
        const n = Number(value.replace(',', '.').replace('%', ''));
        numeric++;
        if (Number.isInteger(n)) integer++;
        if (n < min) min = n;
        if (n > max) max = n;
      } else if (parseDate(value) !== null) dates++;
      if (URL.test(value)) urls++;
      const first = value[0];
      if ((first === '{' || first === '[') && value.length > 1) structured++;
      if (MARKUP.test(value.slice(0, 2000))) markup++;
    }
    const share = (n: number) => (nonEmpty === 0 ? 0 : n / nonEmpty);
    return {
      name,
      nonEmpty,
      averageLength: share(length),
      numericShare: share(numeric),
      integerShare: share(integer),
      min,
      max,
      distinct: distinct.size,
      uniqueShare: share(distinct.size),
      dateShare: share(dates),
      urlShare: share(urls),
      structuredShare: share(structured),
      markupShare: share(markup),
    };
  });
}

function best<T>(items: T[], score: (item: T) => number): T | null {
  let winner: T | null = null;
  let top = -Infinity;
  for (const item of items) {
    const s = score(item);
    if (s > top) {
      top = s;
      winner = item;
    }
  }
  return winner;
}

export function guessColumns(table: ParsedTable): ColumnGuess {
  const stats = columnStats(table).filter((s) => s.nonEmpty > 0);
  const taken = new Set<string>();
  const take = (s: ColumnStats | null) => {
    if (s) taken.add(s.name);
    return s?.name ?? null;
  };
  const free = (s: ColumnStats) => !taken.has(s.name);

  // Rating: a number between 0 and 10. Without a rating-like name, demand ≥3 distinct values
  // and a minimum of 1, so 0/1 label columns (e.g. "feedback", "label") are not taken for stars.
  const ratingCandidates = stats.filter((s) => {
    if (s.numericShare < 0.95 || s.min < 0 || s.max > 10 || s.distinct < 2) return false;
    if (nameMatches(s.name, RATING_NAMES, RATING_CJK)) return s.integerShare >= 0.5 || s.max <= 5;
    return s.integerShare >= 0.99 && s.distinct >= 3 && s.min >= 1;
  });
  const rating = best(ratingCandidates, (s) => (nameMatches(s.name, RATING_NAMES, RATING_CJK) ? 10 : 0) - s.distinct / 100);
  const ratingScale = rating ? (rating.max <= 5 ? 5 : 10) : null;
  take(rating);

  const dateCandidates = stats.filter((s) => free(s) && s.dateShare >= 0.8);
  const date = best(dateCandidates, (s) => (nameMatches(s.name, DATE_NAMES, DATE_CJK) ? 2 : 0) + s.dateShare);
  take(date);

  // Text: the longest prose. Numbers, dates, URLs and nested JSON are not feedback text.
  const textCandidates = stats.filter((s) => free(s) && s.numericShare < 0.5 && s.dateShare < 0.5 && s.urlShare < 0.5 && s.structuredShare < 0.5);
  const text = best(textCandidates, (s) => s.averageLength * (nameMatches(s.name, TEXT_NAMES, TEXT_CJK) ? 1.5 : 1) * (s.markupShare >= 0.5 ? 0.4 : 1));
  take(text);

  // Id: unique values under an id-like name ("id", "review_id", "reviewId").
  const idCandidates = stats.filter((s) => free(s) && s.uniqueShare >= 0.95 && nameMatches(s.name, ID_NAMES));
  const id = best(
    idCandidates,
    (s) => (nameWords(s.name).length === 1 ? 2 : 0) + (/review|feedback|comment|ticket|response/i.test(s.name) ? 1 : 0) + s.uniqueShare,
  );
  take(id);

  // Segment: a short label shared by many rows (app, channel, product variant...).
  const segmentCandidates = stats.filter((s) => {
    if (!free(s) || s.numericShare >= 0.5 || s.urlShare >= 0.5 || s.averageLength > 60) return false;
    return s.distinct >= 2 && s.distinct <= Math.min(50, Math.max(2, Math.floor(s.nonEmpty / 3)));
  });
  const segment = best(segmentCandidates, (s) => {
    const words = nameWords(s.name);
    const rank = SEGMENT_NAMES.findIndex((w) => words.includes(w));
    const named = rank >= 0 ? 100 - rank : SEGMENT_CJK.some((w) => s.name.includes(w)) ? 50 : 0;
    return named - s.distinct / 100;
  });
  take(segment);

  return {
    text: text?.name ?? null,
    date: date?.name ?? null,
    rating: rating?.name ?? null,
    segment: segment?.name ?? null,
    id: id?.name ?? null,
    ratingScale,
  };
}
