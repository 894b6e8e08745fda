import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDayFirst, guessColumns, parseDate, parseFeedbackFile, parseRating, toFeedbackItems } from '../../../src/insights/import';
import type { ParsedTable } from '../../../src/insights/types';

const DATASETS = '/work/shared/datasets';

async function dataset(path: string): Promise<ParsedTable> {
  return parseFeedbackFile({ name: path.split('/').pop()!, bytes: new Uint8Array(readFileSync(`${DATASETS}/${path}`)) });
}

function table(columns: string[], rows: string[][]): ParsedTable {
  return { columns, rows: rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] ?? '']))), format: 'csv', warnings: [] };
}

describe('parseDate', () => {
  it.each([
    ['2018-07-31', '2018-07-31'],
    ['2017-06-21 0:00:00', '2017-06-21'],
    ['2018-07-31T23:10:00-05:00', '2018-07-31'],
    ['2018/7/3', '2018-07-03'],
    ['31-Jul-18', '2018-07-31'],
    ['1 Sept 2019', '2019-09-01'],
    ['Jul 31, 2018', '2018-07-31'],
    ['Tue, 31 Jul 2018 10:00:00 GMT', '2018-07-31'],
    ['7/31/2018', '2018-07-31'],
    ['31/07/2018', '2018-07-31'],
    ['31.07.2018', '2018-07-31'],
    ['2018年7月31日', '2018-07-31'],
    ['2018 年 12 月 1 号', '2018-12-01'],
  ])('%s → %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  it.each(['', 'yesterday', '2018-02-30', '13/13/2018', '1.2.10', '31-Foo-18', '12345'])('rejects %j', (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it('reads ambiguous numeric dates month-first unless told day-first', () => {
    expect(parseDate('03/04/2018')).toBe('2018-03-04');
    expect(parseDate('03/04/2018', { dayFirst: true })).toBe('2018-04-03');
    expect(detectDayFirst(['03/04/2018', '25/04/2018'])).toBe(true);
    expect(detectDayFirst(['03/04/2018', '04/25/2018'])).toBe(false);
  });
});

describe('parseRating', () => {
  it('reads numbers, "n/5", "n stars" and star glyphs; null otherwise', () => {
    expect([parseRating('4'), parseRating('4,5'), parseRating('3/5'), parseRating('5 stars'), parseRating('★★★☆☆'), parseRating('4分')]).toEqual([
      4, 4.5, 3, 5, 3, 4,
    ]);
    expect([parseRating(''), parseRating('great'), parseRating('4 of 5 maybe')]).toEqual([null, null, null]);
  });
});

describe('guessColumns', () => {
  it('picks the longest prose column as text, skipping ids, URLs, numbers and HTML copies', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [
      String(i + 1),
      `https://example.com/review/${i}/with/a/very/long/path/that/is/not/feedback`,
      `<p>The battery drains quickly on day ${i}</p><p>and more markup here</p>`,
      `The battery drains quickly on day ${i}`,
      ['ios', 'android', 'web'][i % 3]!,
      String((i % 5) + 1),
    ]);
    const guess = guessColumns(table(['id', 'url', 'body_html', 'comment', 'platform', 'stars'], rows));
    expect(guess).toEqual({ text: 'comment', date: null, rating: 'stars', segment: 'platform', id: 'id', ratingScale: 5 });
  });

  it('does not take a 0/1 label column for a rating, but takes an unnamed 1–10 column', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [`review text number ${i}`, String(i % 2), String((i % 10) + 1)]);
    const guess = guessColumns(table(['review', 'label', 'q7'], rows));
    expect(guess.rating).toBe('q7');
    expect(guess.ratingScale).toBe(10);
  });

  it('guesses the real Amazon Alexa TSV (BOM, CRLF): text = verified_reviews, with date, rating and variation', async () => {
    const alexa = await dataset('amazon_alexa_reviews/amazon_alexa.tsv');
    expect(alexa.format).toBe('tsv');
    expect(alexa.columns).toEqual(['rating', 'date', 'variation', 'verified_reviews', 'feedback']);
    expect(alexa.rows).toHaveLength(3150);
    expect(guessColumns(alexa)).toEqual({ text: 'verified_reviews', date: 'date', rating: 'rating', segment: 'variation', id: null, ratingScale: 5 });
  });

  it('guesses the real App Store CSV (quoted newlines): review, score, app_name, review_id', async () => {
    const appstore = await dataset('appstore_reviews_category_sentiment_vu/dataset.csv');
    expect(appstore.rows).toHaveLength(3000);
    expect(guessColumns(appstore)).toMatchObject({ text: 'review', date: 'date', rating: 'score', segment: 'app_name', id: 'review_id' });
  });

  it('guesses the Chinese waimai CSV: text = review, and no rating from the 0/1 label', async () => {
    const waimai = await dataset('waimai_10k/waimai_10k.csv');
    expect(waimai.rows).toHaveLength(11987);
    expect(guessColumns(waimai)).toMatchObject({ text: 'review', rating: null });
  });
});

describe('toFeedbackItems', () => {
  it('reports the 79 empty Alexa reviews by row, parses its dates, and marks duplicates without dropping them', async () => {
    const alexa = await dataset('amazon_alexa_reviews/amazon_alexa.tsv');
    const { items, report } = toFeedbackItems(alexa, guessColumns(alexa));
    expect(report.total).toBe(3150);
    expect(report.empty).toHaveLength(79);
    expect(items).toHaveLength(3150 - 79);
    for (const row of report.empty) expect(alexa.rows[row - 1]!.verified_reviews!.trim()).toBe('');
    expect(items[0]).toEqual({ row: 1, id: 'row-1', text: 'Love my Echo!', date: '2018-07-31', rating: 5, segment: 'Charcoal Fabric', duplicateOf: null });
    expect(report.unparsedDates).toBe(0);
    const ratings = new Map<number, number>();
    for (const row of alexa.rows) ratings.set(Number(row.rating), (ratings.get(Number(row.rating)) ?? 0) + 1);
    expect(Object.fromEntries(ratings)).toEqual({ 5: 2286, 4: 455, 3: 152, 2: 96, 1: 161 });
    // Every reported duplicate really repeats an earlier row's text and stays in items.
    expect(report.duplicates.length).toBeGreaterThan(0);
    const byRow = new Map(items.map((item) => [item.row, item]));
    for (const { row, duplicateOf } of report.duplicates.slice(0, 50)) {
      expect(duplicateOf).toBeLessThan(row);
      expect(byRow.get(row)!.duplicateOf).toBe(duplicateOf);
      expect(byRow.get(row)!.text.toLowerCase()).toBe(byRow.get(duplicateOf)!.text.toLowerCase());
    }
  });

  it('treats the same text under different ids as different feedback, and counts unreadable dates and ratings', () => {
    const t = table(
      ['id', 'text', 'date', 'rating'],
      [
        ['a', 'Too slow', '2020-01-02', '2'],
        ['b', 'too  SLOW', 'not a date', 'bad'],
        ['a', 'Too slow', '', ''],
        ['c', '   ', '2020-01-03', '1'],
      ],
    );
    const { items, report } = toFeedbackItems(t, { text: 'text', date: 'date', rating: 'rating', segment: null, id: 'id' });
    expect(items.map((i) => [i.row, i.duplicateOf])).toEqual([
      [1, null],
      [2, null],
      [3, 1],
    ]);
    expect(report.empty).toEqual([4]);
    expect(report.duplicates).toEqual([{ row: 3, duplicateOf: 1 }]);
    expect([report.unparsedDates, report.unparsedRatings]).toEqual([1, 1]);
    expect(items[1]).toMatchObject({ date: null, rating: null });
    expect(report.warnings).toEqual([
      '1 row has no text and was left out.',
      '1 row repeats the text of an earlier row.',
      '1 date could not be read and was left blank.',
      '1 rating is not a number and was left blank.',
    ]);
  });

  it('reads day-first dates when the column shows it, and rejects a mapping to a missing column', () => {
    const t = table(
      ['text', 'when'],
      [
        ['a', '03/04/2020'],
        ['b', '25/12/2020'],
      ],
    );
    const { items } = toFeedbackItems(t, { text: 'text', date: 'when', rating: null, segment: null, id: null });
    expect(items.map((i) => i.date)).toEqual(['2020-04-03', '2020-12-25']);
    expect(() => toFeedbackItems(t, { text: 'nope', date: null, rating: null, segment: null, id: null })).toThrow(/text column "nope"/);
  });
});
