import { describe, expect, it } from 'vitest';
import type { FeedbackItem } from '../../../../src/insights';
import { applyTableFilter, bucketRange, buildRows, hasFilter, searchIndex, type RowSentiment } from '../../../../src/panels/insights/logic/rows';

const items: FeedbackItem[] = [
  { row: 1, id: 'a', text: 'Love the ＥＣＨＯ sound', date: '2018-07-30', rating: 5, segment: 'Black', duplicateOf: null },
  { row: 2, id: 'b', text: 'Stopped working after a week', date: '2018-07-31', rating: 1, segment: 'White', duplicateOf: null },
  { row: 4, id: 'c', text: '音质很好', date: null, rating: null, segment: null, duplicateOf: null },
];
const sentiments: Array<RowSentiment | undefined> = [
  { label: 'positive', score: 0.9, signed: 0.9 },
  { label: 'negative', score: 0.8, signed: -0.8, chunks: 2 },
  undefined,
];

describe('buildRows', () => {
  it('joins items with sentiment and theme; missing results are null', () => {
    const rows = buildRows(items, sentiments, Int32Array.from([0, 1, 0]));
    expect(rows.map((r) => [r.row, r.sentiment, r.sentimentScore, r.themeId])).toEqual([
      [1, 'positive', 0.9, 0],
      [2, 'negative', -0.8, 1],
      [4, null, null, 0],
    ]);
    expect(buildRows(items, [], null).every((r) => r.themeId === null && r.sentiment === null)).toBe(true);
  });
});

describe('applyTableFilter', () => {
  const rows = buildRows(items, sentiments, Int32Array.from([0, 1, 0]));
  const index = searchIndex(rows);

  it('searches case- and width-insensitively, CJK included', () => {
    expect(applyTableFilter(rows, { search: 'echo' }, index).map((r) => r.row)).toEqual([1]);
    expect(applyTableFilter(rows, { search: '音质' }, index).map((r) => r.row)).toEqual([4]);
  });

  it('combines sentiment, theme, segment, rating and date range', () => {
    expect(applyTableFilter(rows, { sentiment: 'unknown' }).map((r) => r.row)).toEqual([4]);
    expect(applyTableFilter(rows, { themeId: 0, sentiment: 'positive' }).map((r) => r.row)).toEqual([1]);
    expect(applyTableFilter(rows, { segment: 'White' }).map((r) => r.row)).toEqual([2]);
    expect(applyTableFilter(rows, { rating: 5 }).map((r) => r.row)).toEqual([1]);
    expect(applyTableFilter(rows, { dates: { from: '2018-07-31', to: '2018-08-01', label: 'x' } }).map((r) => r.row)).toEqual([2]);
    expect(applyTableFilter(rows, {})).toHaveLength(3);
  });

  it('hasFilter ignores a blank search', () => {
    expect(hasFilter({})).toBe(false);
    expect(hasFilter({ search: '  ' })).toBe(false);
    expect(hasFilter({ search: 'x' })).toBe(true);
    expect(hasFilter({ themeId: 0 })).toBe(true);
  });
});

describe('bucketRange', () => {
  it('covers a day, a week or a calendar month', () => {
    expect(bucketRange('2018-07-30', 'day', 'd')).toEqual({ from: '2018-07-30', to: '2018-07-31', label: 'd' });
    expect(bucketRange('2018-07-30', 'week', 'w')).toEqual({ from: '2018-07-30', to: '2018-08-06', label: 'w' });
    expect(bucketRange('2018-02-01', 'month', 'm')).toEqual({ from: '2018-02-01', to: '2018-03-01', label: 'm' });
    expect(bucketRange('2018-12-01', 'month', 'm').to).toBe('2019-01-01');
  });
});
