/** The Evaluate app's table → labeled rows step: presets, the editable mapping, column guessing. */
import { describe, expect, it } from 'vitest';
import type { ParsedTable } from '../../../src/insights/types';
import {
  alignPrediction,
  buildLabeledData,
  distinctOfColumn,
  guessLabelColumn,
  limitRows,
  mappingFromTargets,
  suggestPreset,
  targetsFromPreset,
} from '../../../src/evaluate/labeledData';

function table(columns: string[], rows: string[][]): ParsedTable {
  return { columns, rows: rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']))), format: 'csv', warnings: [] };
}

const reviews = table(
  ['review', 'stars'],
  [
    ['Crashes on start', '1'],
    ['Meh', '3'],
    ['Love it', '5'],
    ['', '4'],
    ['Good value', '4'],
    ['Bad support', '2'],
    ['No rating here', ''],
  ],
);

describe('label presets and the editable mapping', () => {
  it('stars: 1–2 NEGATIVE, 4–5 POSITIVE, 3 left out (targets per distinct value)', () => {
    const distinct = distinctOfColumn(reviews, 'stars');
    expect(suggestPreset(distinct)).toBe('stars');
    expect(targetsFromPreset('stars', distinct)).toEqual({ '1': 'NEGATIVE', '2': 'NEGATIVE', '3': null, '4': 'POSITIVE', '5': 'POSITIVE' });
    expect(targetsFromPreset('stars-neutral', distinct)['3']).toBe('NEUTRAL');
  });

  it('builds rows with the mapped label, dropping mapped-out, blank-label and blank-text rows', () => {
    const distinct = distinctOfColumn(reviews, 'stars');
    const data = buildLabeledData(reviews, 'review', 'stars', distinct, targetsFromPreset('stars', distinct));
    expect(data.rows.map((r) => [r.index, r.label])).toEqual([
      [0, 'NEGATIVE'],
      [2, 'POSITIVE'],
      [4, 'POSITIVE'],
      [5, 'NEGATIVE'],
    ]);
    expect(data.classes).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(data.emptyText).toBe(1); // row 3 has a label but no text
    expect(data.mapping.droppedByReason).toEqual({ empty: 1, rule: 1, unmatched: 0 });
  });

  it('an edited target renames a class; a blank target drops those rows', () => {
    const distinct = distinctOfColumn(reviews, 'stars');
    const targets = { ...targetsFromPreset('stars', distinct), '3': 'NEUTRAL', '5': '' };
    const data = buildLabeledData(reviews, 'review', 'stars', distinct, targets);
    expect(data.rows.map((r) => r.label)).toEqual(['NEGATIVE', 'NEUTRAL', 'POSITIVE', 'NEGATIVE']);
    expect(mappingFromTargets(distinct, targets).rules.find((r) => r.match.kind === 'equals' && r.match.values.includes('5'))?.to).toBeNull();
  });

  it('0/1 columns get the binary preset; other columns are kept as they are', () => {
    const binary = table(
      ['text', 'label'],
      [
        ['a', '0'],
        ['b', '1'],
        ['c', '1'],
      ],
    );
    const distinct = distinctOfColumn(binary, 'label');
    expect(suggestPreset(distinct)).toBe('binary');
    expect(targetsFromPreset('binary', distinct)).toEqual({ '0': 'NEGATIVE', '1': 'POSITIVE' });
    const named = table(
      ['text', 'label'],
      [
        ['a', 'Bug Report'],
        ['b', 'bug report'],
        ['c', 'rating'],
      ],
    );
    const d = distinctOfColumn(named, 'label');
    expect(suggestPreset(d)).toBe('identity');
    // Spellings that differ only in case are one class, named by the more frequent (first on ties).
    expect(targetsFromPreset('identity', d)).toEqual({ 'bug report': 'Bug Report', rating: 'rating' });
  });
});

describe('guessLabelColumn', () => {
  it('prefers a column named like a label, and "label" over "new_label"', () => {
    const rows = Array.from({ length: 40 }, (_, i) => [
      String(i + 1),
      `review number ${i} is long enough to be text`,
      ['bug report', 'rating', 'feature request', 'user experience'][i % 4]!,
      String(i % 4),
    ]);
    const googlePlay = table(['ID', 'review', 'label', 'new_label'], rows);
    expect(guessLabelColumn(googlePlay, 'review')).toBe('label');
  });

  it('falls back to the column with few distinct values (a headerless sentence/label file)', () => {
    const rows = Array.from({ length: 30 }, (_, i) => [`sentence ${i} about the phone`, String(i % 2)]);
    expect(guessLabelColumn(table(['column_1', 'column_2'], rows), 'column_1')).toBe('column_2');
  });

  it('finds nothing when no column has few distinct values', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`text ${i}`, `id-${i}`]);
    expect(guessLabelColumn(table(['text', 'id'], rows), 'text')).toBeNull();
  });
});

describe('alignPrediction and limitRows', () => {
  it('matches a model label to a class that differs only in case or spacing', () => {
    expect(alignPrediction('positive', ['NEGATIVE', 'POSITIVE'])).toBe('POSITIVE');
    expect(alignPrediction(' Negative ', ['NEGATIVE', 'POSITIVE'])).toBe('NEGATIVE');
    expect(alignPrediction('5 stars', ['NEGATIVE', 'POSITIVE'])).toBe('5 stars');
  });

  it('limits to the first n rows; 0 means all', () => {
    expect(limitRows([1, 2, 3], 2)).toEqual([1, 2]);
    expect(limitRows([1, 2, 3], 0)).toEqual([1, 2, 3]);
    expect(limitRows([1, 2, 3], Number.NaN)).toEqual([1, 2, 3]);
  });
});
