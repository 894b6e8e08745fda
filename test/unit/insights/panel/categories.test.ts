// The "category" column of Insights: a saved custom classifier's label per row. Pure logic
// (figures, filter, report, exports) plus the saved run surviving a reopen and a backup round trip.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import Papa from 'papaparse';
import { afterEach, describe, expect, it } from 'vitest';
import { htmlReport, markdownReport, rowsToCsv, rowsToJson, ROW_COLUMNS, type FeedbackItem } from '../../../../src/insights';
import { exportWorkspace, importWorkspace } from '../../../../src/storage/backup';
import { createRepositories } from '../../../../src/storage/repositories';
import { Workspace, type RunRecord } from '../../../../src/storage/workspace';
import {
  categoriesOf,
  categoryBreakdown,
  categoryFilterValue,
  categoryParamsOf,
  isRowCategory,
  matchesCategory,
  parseCategoryFilterValue,
  reportCategories,
  type RowCategory,
} from '../../../../src/panels/insights/logic/categories';
import { buildReport } from '../../../../src/panels/insights/logic/report';
import { applyTableFilter, buildRows, hasFilter, type RowSentiment } from '../../../../src/panels/insights/logic/rows';
import { runChunked } from '../../../../src/panels/insights/logic/runner';

const LABELS = ['bug report', 'feature request', 'rating', 'user experience'];

const items: FeedbackItem[] = [
  { row: 1, id: 'a', text: 'Crashes when I open the camera', date: '2024-01-01', rating: 1, segment: null, duplicateOf: null },
  { row: 2, id: 'b', text: 'Please add a dark mode', date: '2024-01-02', rating: 4, segment: null, duplicateOf: null },
  { row: 3, id: 'c', text: 'Five stars', date: null, rating: 5, segment: null, duplicateOf: null },
  { row: 4, id: 'd', text: 'The app freezes on login', date: null, rating: 2, segment: null, duplicateOf: null },
  { row: 5, id: 'e', text: 'Not reached yet', date: null, rating: null, segment: null, duplicateOf: null },
];
const sentiments: Array<RowSentiment | undefined> = [
  { label: 'negative', score: 0.9, signed: -0.9 },
  { label: 'positive', score: 0.7, signed: 0.7 },
  undefined,
  { label: 'negative', score: 0.8, signed: -0.8 },
  undefined,
];
const categories: Array<RowCategory | undefined> = [
  { label: 'bug report', score: 0.61 },
  { label: 'feature request', score: 0.55 },
  { label: 'rating', score: 0.9 },
  { label: 'bug report', score: 0.4 },
  undefined,
];
const rows = buildRows(items, sentiments, null, categories);

describe('category results', () => {
  it('recognises a saved row result and rebuilds the per-item list from run results', () => {
    expect(isRowCategory({ label: 'rating', score: 0.3 })).toBe(true);
    expect(isRowCategory({ label: 'rating' })).toBe(false);
    expect(isRowCategory({ label: 1, score: 0.3 })).toBe(false);
    expect(isRowCategory(null)).toBe(false);
    const list = categoriesOf([{ label: 'rating', score: 0.5, probabilities: [1] }, undefined, 'junk', { label: 'x', score: 1 }], 3);
    expect(list).toHaveLength(3);
    expect(list[0]).toEqual({ label: 'rating', score: 0.5 });
    expect(list[1]).toBeUndefined();
    expect(list[2]).toBeUndefined();
  });

  it('reads the run parameters, tolerating junk', () => {
    expect(categoryParamsOf({ model: 'custom:x', labels: ['a', 2, 'b'] })).toEqual({ model: 'custom:x', labels: ['a', 'b'] });
    expect(categoryParamsOf({ labels: ['a'] })).toBeNull();
    expect(categoryParamsOf(undefined)).toBeNull();
  });

  it('buildRows joins the category and its score; rows not reached have null', () => {
    expect(rows.map((r) => [r.row, r.category, r.categoryScore])).toEqual([
      [1, 'bug report', 0.61],
      [2, 'feature request', 0.55],
      [3, 'rating', 0.9],
      [4, 'bug report', 0.4],
      [5, null, null],
    ]);
    expect(buildRows(items, sentiments, null).every((r) => r.category === null)).toBe(true);
  });
});

describe('categoryBreakdown', () => {
  it('counts rows per category in the classifier order, with their sentiment, and the rows without one', () => {
    const b = categoryBreakdown(rows, LABELS);
    expect(b.total).toBe(5);
    expect(b.uncategorized).toBe(1);
    expect(b.entries.map((e) => [e.label, e.total])).toEqual([
      ['bug report', 2],
      ['feature request', 1],
      ['rating', 1],
      ['user experience', 0],
    ]);
    expect(b.entries[0]!.counts).toEqual({ positive: 0, neutral: 0, negative: 2, unknown: 0 });
    expect(b.entries[2]!.counts).toEqual({ positive: 0, neutral: 0, negative: 0, unknown: 1 });
  });

  it('adds labels the classifier no longer lists after its own, largest first', () => {
    const b = categoryBreakdown(rows, ['rating']);
    expect(b.entries.map((e) => e.label)).toEqual(['rating', 'bug report', 'feature request']);
    expect(categoryBreakdown([], LABELS).entries.every((e) => e.total === 0)).toBe(true);
  });
});

describe('category filter', () => {
  it('matches a label, rows without a category (null), or everything (undefined)', () => {
    expect(matchesCategory({ category: 'rating' }, 'rating')).toBe(true);
    expect(matchesCategory({ category: 'rating' }, 'bug report')).toBe(false);
    expect(matchesCategory({ category: null }, null)).toBe(true);
    expect(matchesCategory({}, null)).toBe(true);
    expect(matchesCategory({ category: 'rating' }, null)).toBe(false);
    expect(matchesCategory({ category: 'rating' }, undefined)).toBe(true);
  });

  it('narrows the table and combines with the other criteria', () => {
    expect(applyTableFilter(rows, { category: 'bug report' }).map((r) => r.row)).toEqual([1, 4]);
    expect(applyTableFilter(rows, { category: null }).map((r) => r.row)).toEqual([5]);
    expect(applyTableFilter(rows, { category: 'bug report', rating: 2 }).map((r) => r.row)).toEqual([4]);
    expect(applyTableFilter(rows, { category: 'bug report', search: 'camera' }).map((r) => r.row)).toEqual([1]);
    expect(applyTableFilter(rows, { category: undefined })).toHaveLength(5);
    expect(hasFilter({ category: null })).toBe(true);
    expect(hasFilter({ category: undefined })).toBe(false);
  });

  it('round-trips through a <select> value, a category called "none" included', () => {
    for (const filter of [undefined, null, 'rating', 'none', 'c:odd', '']) {
      expect(parseCategoryFilterValue(categoryFilterValue(filter))).toBe(filter);
    }
    expect(categoryFilterValue('none')).not.toBe(categoryFilterValue(null));
  });
});

describe('exports and report with categories', () => {
  it('CSV and JSON carry category and category_score after theme when any row has one', () => {
    const csv = rowsToCsv(rows);
    const header = csv.slice(1, csv.indexOf('\r\n'));
    expect(header).toBe('row,id,date,rating,segment,sentiment,sentiment_score,theme_id,theme,category,category_score,duplicate_of,text');
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => r.category)).toEqual(['bug report', 'feature request', 'rating', 'bug report', '']);
    expect(parsed.data[0]!.category_score).toBe('0.61');
    const json = JSON.parse(rowsToJson(rows)) as Array<Record<string, unknown>>;
    expect(json[2]).toMatchObject({ category: 'rating', category_score: 0.9 });
    expect(json[4]).toMatchObject({ category: null, category_score: null });
    expect(Object.keys(json[0]!)).toContain('category');
  });

  it('leaves the columns out without categories unless asked, and guards formula-like labels', () => {
    const plain = buildRows(items, sentiments, null);
    expect(rowsToCsv(plain, { bom: false }).split('\r\n')[0]).toBe(ROW_COLUMNS.join(','));
    expect(Object.keys(JSON.parse(rowsToJson(plain))[0])).not.toContain('category');
    // A filtered view with no categorised row still has the columns when the dataset has them.
    expect(rowsToCsv(plain, { bom: false, category: true }).split('\r\n')[0]).toContain('category,category_score');
    const evil = buildRows(items.slice(0, 1), [], null, [{ label: '=cmd|calc', score: 0.5 }]);
    expect(Papa.parse<Record<string, string>>(rowsToCsv(evil, { bom: false }), { header: true }).data[0]!.category).toBe("'=cmd|calc");
  });

  it('the report lists rows per category in Markdown and HTML, labels escaped', () => {
    const labelled = buildRows(items, sentiments, null, [{ label: '<img src=x onerror=alert(1)>', score: 1 }, ...categories.slice(1)]);
    const report = buildReport({
      title: 'Play reviews',
      rows: labelled,
      themes: [],
      category: { model: 'custom:play', labels: LABELS },
      now: new Date('2024-01-02T00:00:00Z'),
    });
    expect(report.categories?.model).toBe('custom:play');
    expect(report.categories?.uncategorized).toBe(1);
    expect(report.categories?.entries.map((e) => [e.label, e.count])).toEqual([
      ['bug report', 1],
      ['feature request', 1],
      ['rating', 1],
      ['user experience', 0],
      ['<img src=x onerror=alert(1)>', 1],
    ]);
    const md = markdownReport(report);
    expect(md).toContain('## Categories');
    expect(md).toContain('| bug report | 1 | 25% | −1.00 |');
    expect(md).toContain('| rating | 1 | 25% | – |');
    expect(md).toContain('| Not categorized | 1 |');
    expect(md).not.toContain('<img');
    const html = htmlReport(report);
    expect(html).toContain('<h2>Categories</h2>');
    expect(html).toContain('<td>feature request</td>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(buildReport({ title: 'x', rows, themes: [] }).categories).toBeUndefined();
    expect(markdownReport(buildReport({ title: 'x', rows, themes: [] }))).not.toContain('## Categories');
    expect(reportCategories(rows, undefined)).toBeUndefined();
  });
});

describe('a saved category run', () => {
  const opened: Workspace[] = [];
  afterEach(() => {
    for (const workspace of opened.splice(0)) workspace.close();
  });
  function freshWorkspace(): Workspace {
    const workspace = new Workspace({ idbFactory: new IDBFactory(), locks: null });
    opened.push(workspace);
    return workspace;
  }

  it('is read back per row after a reopen, and survives a backup round trip', async () => {
    const source = freshWorkspace();
    await source.saveDataset(
      {
        id: 'ds',
        name: 'play',
        createdAt: 1,
        updatedAt: 1,
        source: { format: 'csv' },
        columns: ['review'],
        mapping: { text: 'review' },
        rowCount: items.length,
      },
      items,
    );
    const run: RunRecord = {
      id: 'category-ds',
      datasetId: 'ds',
      kind: 'category',
      status: 'running',
      total: items.length,
      done: 0,
      params: { model: 'custom:play', labels: LABELS, chunkRows: 2 },
      startedAt: 1,
      updatedAt: 1,
    };
    const outcome = await runChunked<RowCategory>({
      runs: createRepositories(source).runs,
      run,
      chunkSize: 2,
      signal: new AbortController().signal,
      process: async (chunk) => chunk.indices.map((index) => categories[index] ?? { label: 'user experience', score: 0.3 }),
    });
    expect(outcome.status).toBe('done');

    const expected = [...categories.slice(0, 4), { label: 'user experience', score: 0.3 }];
    const reopened = await source.loadRunResults('category-ds');
    expect(reopened.run?.status).toBe('done');
    expect(categoriesOf(reopened.results, items.length)).toEqual(expected);
    expect(categoryParamsOf(reopened.run?.params)?.model).toBe('custom:play');

    const target = freshWorkspace();
    await importWorkspace(target, await exportWorkspace(source), { mode: 'replace' });
    const restored = await target.loadRunResults('category-ds');
    expect(restored.run).toEqual(reopened.run);
    expect(categoriesOf(restored.results, items.length)).toEqual(expected);

    // Deleting the dataset takes its category run along.
    const deleted = await target.deleteDataset('ds');
    expect(deleted.runs).toBe(1);
    expect((await target.loadRunResults('category-ds')).results.filter(Boolean)).toHaveLength(0);
  });
});
