/** Customize's labelling logic: categories, labels from a file column, the training set and folds. */
import { describe, expect, it } from 'vitest';
import type { ParsedTable } from '../../../src/insights/types';
import {
  categoryProblem,
  countLabels,
  filterRows,
  labelsFromColumn,
  mergeLabels,
  pageOf,
  trainingProblem,
  trainingSet,
  withoutCategory,
} from '../../../src/panels/customize/labelling';

function table(rows: Array<[string, string]>): ParsedTable {
  return { columns: ['review', 'label'], rows: rows.map(([review, label]) => ({ review, label })), format: 'csv', warnings: [] };
}

const CLASSES = ['bug report', 'feature request', 'rating', 'user experience'];
const googlePlayLike = table(Array.from({ length: 100 }, (_, i) => [`review ${i}`, CLASSES[i % 4]!] as [string, string]));

describe('categories', () => {
  it('rejects blank, duplicate (ignoring case and spacing) and overlong names', () => {
    expect(categoryProblem('  ', [])).toBe('empty');
    expect(categoryProblem('Bug  Report', ['bug report'])).toBe('duplicate');
    expect(categoryProblem('x'.repeat(61), [])).toBe('too-long');
    expect(categoryProblem('pricing', ['bug report'])).toBeNull();
    expect(
      categoryProblem(
        'one more',
        Array.from({ length: 30 }, (_, i) => `c${i}`),
      ),
    ).toBe('too-many');
  });

  it('removing a category unlabels its rows', () => {
    expect(withoutCategory(['a', 'b', null, 'a'], 'a')).toEqual([null, 'b', null, null]);
  });
});

describe('labelsFromColumn', () => {
  it('takes up to perClass rows of each value, spread over the file, the same way every time', () => {
    const taken = labelsFromColumn(googlePlayLike, 'review', 'label', 10);
    expect(taken.categories).toEqual(CLASSES);
    expect(taken.counts).toEqual(Object.fromEntries(CLASSES.map((c) => [c, 10])));
    expect(taken.labels.filter((l) => l !== null)).toHaveLength(40);
    // Every taken label is the row's own label.
    taken.labels.forEach((label, i) => {
      if (label !== null) expect(label).toBe(googlePlayLike.rows[i]!.label);
    });
    // Seeded: the same call picks the same rows; not simply the first rows of the file.
    expect(labelsFromColumn(googlePlayLike, 'review', 'label', 10).labels).toEqual(taken.labels);
    const picked = taken.labels.flatMap((l, i) => (l === null ? [] : [i]));
    expect(Math.max(...picked)).toBeGreaterThan(60);
  });

  it('merges spellings of a value and skips rows without text or label', () => {
    const messy = table([
      ['a', 'Bug report'],
      ['b', 'bug  report'],
      ['c', 'bug report'],
      ['', 'rating'],
      ['d', ''],
      ['e', 'rating'],
    ]);
    const taken = labelsFromColumn(messy, 'review', 'label', 5);
    expect(taken.categories).toEqual(['bug report', 'rating']);
    expect(taken.labels).toEqual(['bug report', 'bug report', 'bug report', null, null, 'rating']);
  });

  it('merging keeps labels the user set by hand', () => {
    expect(mergeLabels(['mine', null, null], ['theirs', 'theirs', null])).toEqual(['mine', 'theirs', null]);
  });
});

describe('trainingSet', () => {
  it('uses 5 folds when every category has at least 5 examples', () => {
    const labels = googlePlayLike.rows.map((r) => r.label ?? null);
    const set = trainingSet(labels, CLASSES);
    expect(set.rows).toHaveLength(100);
    expect(set.classes).toEqual(CLASSES);
    expect(set.folds).toBe(5);
    expect(set.y.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(trainingProblem(set)).toBeNull();
  });

  it('uses fewer folds for a small category, none below 2, and leaves out empty categories', () => {
    const set = trainingSet(['a', 'a', 'a', 'b', 'b', null], ['a', 'b', 'c']);
    expect(set.folds).toBe(2);
    expect(set.classes).toEqual(['a', 'b']);
    expect(set.empty).toEqual(['c']);
    expect(trainingSet(['a', 'a', 'b'], ['a', 'b']).folds).toBe(0);
  });

  it('says why training cannot start', () => {
    expect(trainingProblem(trainingSet([null, null], ['a', 'b']))).toBe('no-data');
    expect(trainingProblem(trainingSet(['a', 'a'], ['a', 'b']))).toBe('too-few-classes');
  });

  it('counts labels per category, ignoring labels of removed categories', () => {
    expect(countLabels(['a', 'x', 'a', null], ['a', 'b'])).toEqual({ a: 2, b: 0 });
  });
});

describe('filterRows and pageOf', () => {
  const texts = ['one', '', 'three', 'four'];
  const labels = ['a', null, null, 'b'];

  it('shows rows with text by filter; suggested rows in the given order', () => {
    expect(filterRows(texts, labels, 'all')).toEqual([0, 2, 3]);
    expect(filterRows(texts, labels, 'labelled')).toEqual([0, 3]);
    expect(filterRows(texts, labels, 'unlabelled')).toEqual([2]);
    expect(filterRows(texts, labels, 'suggested', [3, 1, 2])).toEqual([3, 2]);
  });

  it('pages, clamping to the last page', () => {
    const items = Array.from({ length: 53 }, (_, i) => i);
    expect(pageOf(items, 0, 25)).toMatchObject({ page: 0, pages: 3 });
    expect(pageOf(items, 9, 25)).toEqual({ items: [50, 51, 52], page: 2, pages: 3 });
    expect(pageOf([], 0, 25)).toEqual({ items: [], page: 0, pages: 1 });
  });
});
