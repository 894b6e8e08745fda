import { describe, expect, it } from 'vitest';
import {
  breakdownByRating,
  breakdownBySegment,
  chooseGranularity,
  dashboardFigures,
  filterRows,
  netSentiment,
  sentimentDistribution,
  sentimentTrend,
} from '../../../src/insights/aggregate';
import type { InsightRow, Polarity } from '../../../src/insights/types';

let next = 1;
function row(partial: Partial<InsightRow> & { sentiment?: Polarity | null }): InsightRow {
  const n = next++;
  return {
    row: n,
    id: `row-${n}`,
    text: `text ${n}`,
    date: null,
    rating: null,
    segment: null,
    sentiment: null,
    sentimentScore: null,
    themeId: null,
    ...partial,
  };
}

describe('distribution and net sentiment', () => {
  it('counts each label, leaves unclassified rows out of the net', () => {
    const rows = [
      row({ sentiment: 'positive' }),
      row({ sentiment: 'positive' }),
      row({ sentiment: 'positive' }),
      row({ sentiment: 'negative' }),
      row({ sentiment: 'neutral' }),
      row({}),
    ];
    expect(sentimentDistribution(rows)).toEqual({ positive: 3, neutral: 1, negative: 1, unknown: 1, total: 6, classified: 5, net: (3 - 1) / 5 });
    expect(netSentiment([])).toBe(0);
    expect(netSentiment([row({ sentiment: 'negative' })])).toBe(-1);
  });
});

describe('sentimentTrend', () => {
  it('chooses day, week or month by the span', () => {
    expect([chooseGranularity(1), chooseGranularity(45), chooseGranularity(46), chooseGranularity(366), chooseGranularity(367)]).toEqual([
      'day',
      'day',
      'week',
      'week',
      'month',
    ]);
  });

  it('buckets by day, filling empty days, with null net for empty buckets', () => {
    const rows = [
      row({ date: '2018-07-29', sentiment: 'negative' }),
      row({ date: '2018-07-31', sentiment: 'positive' }),
      row({ date: '2018-07-31', sentiment: 'positive' }),
      row({}),
    ];
    const trend = sentimentTrend(rows);
    expect(trend.granularity).toBe('day');
    expect(trend.undated).toBe(1);
    expect(trend.buckets.map((b) => [b.start, b.total, b.net])).toEqual([
      ['2018-07-29', 1, -1],
      ['2018-07-30', 0, null],
      ['2018-07-31', 2, 1],
    ]);
  });

  it('buckets weeks from Monday and months from the 1st', () => {
    // 2018-07-29 is a Sunday, 2018-07-30 a Monday.
    const rows = [
      row({ date: '2018-07-29', sentiment: 'positive' }),
      row({ date: '2018-07-30', sentiment: 'negative' }),
      row({ date: '2018-09-20', sentiment: 'negative' }),
    ];
    const weeks = sentimentTrend(rows);
    expect(weeks.granularity).toBe('week');
    expect(weeks.buckets[0]).toMatchObject({ start: '2018-07-23', label: 'week of 2018-07-23', total: 1 });
    expect(weeks.buckets[1]).toMatchObject({ start: '2018-07-30', total: 1 });
    expect(weeks.buckets.at(-1)).toMatchObject({ start: '2018-09-17', total: 1 });
    expect(weeks.buckets).toHaveLength(9);
    const months = sentimentTrend([...rows, row({ date: '2019-12-31', sentiment: 'positive' })]);
    expect(months.granularity).toBe('month');
    expect(months.buckets[0]).toMatchObject({ start: '2018-07-01', label: '2018-07', total: 2, net: 0 });
    expect(months.buckets).toHaveLength(18);
    expect(sentimentTrend(rows, { granularity: 'month' }).buckets.map((b) => b.label)).toEqual(['2018-07', '2018-08', '2018-09']);
  });

  it('returns no buckets without dates', () => {
    expect(sentimentTrend([row({})])).toEqual({ granularity: 'day', buckets: [], undated: 1 });
  });
});

describe('breakdowns', () => {
  it('by rating: ascending, missing last', () => {
    const rows = [row({ rating: 5, sentiment: 'positive' }), row({ rating: 1, sentiment: 'negative' }), row({ rating: 5, sentiment: 'negative' }), row({})];
    expect(breakdownByRating(rows).map((e) => [e.key, e.total, e.net, e.shareNegative])).toEqual([
      ['1', 1, -1, 1],
      ['5', 2, 0, 0.5],
      ['(none)', 1, 0, 0],
    ]);
  });

  it('by segment: largest first, the long tail pooled as "(other)"', () => {
    const rows = [
      ...Array.from({ length: 3 }, () => row({ segment: 'ios', sentiment: 'positive' })),
      ...Array.from({ length: 2 }, () => row({ segment: 'web', sentiment: 'negative' })),
      row({ segment: 'android', sentiment: 'negative' }),
      row({ segment: 'tv', sentiment: 'positive' }),
      row({}),
    ];
    const top = breakdownBySegment(rows, { top: 2 });
    expect(top.map((e) => [e.key, e.total])).toEqual([
      ['ios', 3],
      ['web', 2],
      ['(other)', 3],
    ]);
    expect(top[2]!.counts).toEqual({ positive: 1, neutral: 0, negative: 1, unknown: 1 });
    expect(breakdownBySegment(rows)).toHaveLength(5);
  });
});

describe('filterRows', () => {
  const rows = [
    row({ text: 'Battery DIES fast', sentiment: 'negative', themeId: 0, segment: 'ios', rating: 1 }),
    row({ text: '电池不耐用，充电慢', sentiment: 'negative', themeId: 0, segment: 'android', rating: 2 }),
    row({ text: 'Ｆａｓｔ shipping', sentiment: 'positive', themeId: 1, segment: null, rating: 5 }),
    row({ text: 'ok', sentiment: null, themeId: null, segment: 'ios', rating: null }),
  ];
  const ids = (filtered: InsightRow[]) => filtered.map((r) => r.text);

  it('filters by each criterion and combines them with AND', () => {
    expect(ids(filterRows(rows, { sentiment: 'negative' }))).toHaveLength(2);
    expect(ids(filterRows(rows, { sentiment: 'unknown' }))).toEqual(['ok']);
    expect(ids(filterRows(rows, { sentiment: ['positive', 'unknown'] }))).toEqual(['Ｆａｓｔ shipping', 'ok']);
    expect(ids(filterRows(rows, { themeId: 1 }))).toEqual(['Ｆａｓｔ shipping']);
    expect(ids(filterRows(rows, { segment: '(none)' }))).toEqual(['Ｆａｓｔ shipping']);
    expect(ids(filterRows(rows, { segment: 'ios', sentiment: 'negative' }))).toEqual(['Battery DIES fast']);
    expect(ids(filterRows(rows, { rating: [1, 2] }))).toHaveLength(2);
    expect(filterRows(rows, {})).toHaveLength(4);
  });

  it('searches case-insensitively, across full-width forms, and in Chinese', () => {
    expect(ids(filterRows(rows, { search: 'battery dies' }))).toEqual(['Battery DIES fast']);
    expect(ids(filterRows(rows, { search: 'FAST' }))).toEqual(['Battery DIES fast', 'Ｆａｓｔ shipping']);
    expect(ids(filterRows(rows, { search: '充电' }))).toEqual(['电池不耐用，充电慢']);
    expect(filterRows(rows, { search: '   ' })).toHaveLength(4);
    expect(filterRows(rows, { search: 'nothing like this' })).toHaveLength(0);
  });
});

describe('dashboardFigures', () => {
  it('bundles every figure', () => {
    const figures = dashboardFigures([row({ date: '2020-01-01', sentiment: 'positive', rating: 4, segment: 'web' })]);
    expect(figures.distribution.total).toBe(1);
    expect(figures.trend.buckets).toHaveLength(1);
    expect(figures.byRating[0]!.key).toBe('4');
    expect(figures.bySegment[0]!.key).toBe('web');
  });
});
