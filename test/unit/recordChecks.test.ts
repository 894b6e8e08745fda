// The record shapes readers rely on (src/storage/recordChecks.ts), table-driven: each spoiled
// record is named with the field and what was found; each valid one passes.
import { describe, expect, it } from 'vitest';
import {
  chunkProblem,
  crossProblems,
  datasetProblem,
  datasetRowsProblem,
  itemProblem,
  recordProblem,
  runProblem,
  type Problem,
} from '../../src/storage/recordChecks';
import type { DatasetRecord, RunRecord } from '../../src/storage/workspace';
import { englishText } from '../../src/core';
import { HAN, rendered } from './support/localize';

/** The problem as the SDK and the English UI word it. */
const english = (problem: Problem): string | null => (problem === null ? null : englishText(problem));

const T0 = 1_700_000_000_000;
const DATASET: DatasetRecord = {
  id: 'ds',
  name: 'reviews.csv',
  createdAt: T0,
  updatedAt: T0,
  source: { fileName: 'reviews.csv', format: 'csv' },
  columns: ['text'],
  mapping: { text: 'text', date: null },
  rowCount: 3,
  report: { total: 3, empty: [], duplicates: [{ row: 3, duplicateOf: 1 }], unparsedDates: 0, unparsedRatings: 0, warnings: [], parseWarnings: [] },
};
const RUN: RunRecord = { id: 'run', datasetId: 'ds', kind: 'sentiment', status: 'paused', total: 3, done: 1, startedAt: T0, updatedAt: T0 };
const ITEM = { row: 1, id: 'row-1', text: 'Great', date: '2024-01-02', rating: 5, segment: null, duplicateOf: null };

describe('datasets', () => {
  it('accepts a dataset as the importer saves it, and one without a report', () => {
    expect(english(datasetProblem(DATASET))).toBeNull();
    const { report: _report, ...bare } = DATASET;
    expect(english(datasetProblem(bare))).toBeNull();
  });

  it.each([
    ['createdAt "yesterday"', { createdAt: 'yesterday' }, /"createdAt" must be a date .*found "yesterday"/],
    ['createdAt beyond the Date range', { createdAt: 9e15 }, /"createdAt" must be a date/],
    ['no source', { source: undefined }, /"source" must be an object \(found missing\)/],
    ['a source without format', { source: { fileName: 'x' } }, /"source\.format" must be text/],
    ['columns that are not texts', { columns: ['a', 1] }, /"columns" must be a list of texts/],
    ['a mapping to a number', { mapping: { text: 3 } }, /"mapping\.text" must be a column name or null/],
    ['a negative row count', { rowCount: -1 }, /"rowCount" must be a whole number/],
    ['a report that is text', { report: 'fine' }, /"report" must be an object/],
    ['a report whose duplicates is not a list', { report: { ...(DATASET.report as object), duplicates: 'none' } }, /"report\.duplicates" must be a list/],
    [
      'a report duplicate without its rows',
      { report: { ...(DATASET.report as object), duplicates: [{ row: 1 }] } },
      /"report\.duplicates\[0\]" must be \{ row, duplicateOf \}/,
    ],
    ['a report without totals', { report: { duplicates: [] } }, /"report\.total" must be a whole number/],
  ])('refuses %s, naming the field', (_label, patch, message) => {
    expect(english(datasetProblem({ ...DATASET, ...patch }))).toMatch(message);
  });
});

describe('rows', () => {
  it.each([
    ['a number', 1, /not a row object \(found 1\)/],
    ['null', null, /not a row object \(found null\)/],
    ['a string', 'x', /not a row object \(found "x"\)/],
    ['no text', { row: 1 }, /"text" must be text \(found missing\)/],
    ['a rating that is text', { text: 'a', rating: 'five' }, /"rating" must be a number or null/],
    ['a date object', { text: 'a', date: {} }, /"date" must be text or null/],
  ])('refuses an item that is %s', (_label, item, message) => {
    expect(english(itemProblem(item))).toMatch(message);
  });

  it('accepts items as the importer makes them, and plain { text } rows', () => {
    expect(english(itemProblem(ITEM))).toBeNull();
    expect(english(itemProblem({ text: '' }))).toBeNull();
  });

  it('names the first bad row of [1, null, "x"] and checks the count against the dataset', () => {
    expect(english(datasetRowsProblem({ datasetId: 'ds', items: [1, null, 'x'] }))).toMatch(/row 1 of "items" is malformed/);
    expect(english(datasetRowsProblem({ datasetId: 'ds', items: [ITEM, ITEM] }, 3))).toMatch(/2 rows but its dataset says 3/);
    expect(english(datasetRowsProblem({ datasetId: 'ds', items: [ITEM, ITEM, ITEM] }, 3))).toBeNull();
  });
});

describe('runs and chunks', () => {
  it.each([
    ['a total of 300,000,000 for 3 rows', { total: 300_000_000 }, 3, /total of 300,000,000 rows is more than its dataset's 3/],
    ['a total beyond any dataset', { total: 300_000_000 }, undefined, /more than any dataset can have/],
    ['more done than total', { done: 4 }, 3, /4 rows are done of 3/],
    ['an unknown status', { status: 'exploded' }, 3, /"status" must be one of/],
    ['a start date in words', { startedAt: 'now' }, 3, /"startedAt" must be a date/],
  ])('refuses a run with %s', (_label, patch, rows, message) => {
    expect(english(runProblem({ ...RUN, ...patch }, rows))).toMatch(message);
  });

  it.each([
    ['chunk index 2^53−2', { chunk: 2 ** 53 - 2 }, /chunk number 9,007,199,254,740,990 is beyond the run's 3 rows/],
    ['rows past the end', { startIndex: 2, results: [1, 2] }, /rows 3–4 are beyond the run's 3 rows/],
    ['a fractional index', { chunk: 0.5 }, /"chunk" must be a whole number/],
  ])('refuses a chunk with %s', (_label, patch, message) => {
    expect(english(chunkProblem({ runId: 'run', chunk: 0, startIndex: 0, results: [1], ...patch }, 3))).toMatch(message);
  });

  it('accepts a run and its chunks within the dataset', () => {
    expect(english(runProblem(RUN, 3))).toBeNull();
    expect(english(chunkProblem({ runId: 'run', chunk: 2, startIndex: 2, results: [1] }, 3))).toBeNull();
  });
});

describe('across records', () => {
  it('checks rows, runs and chunks against what they belong to, including records already in the workspace', () => {
    const rows = { datasetId: 'ds', items: [ITEM, ITEM, ITEM] };
    expect(
      crossProblems({ datasets: [DATASET], datasetRows: [rows], runs: [RUN], runResults: [{ runId: 'run', chunk: 0, startIndex: 0, results: [1] }] }),
    ).toBeNull();
    expect(crossProblems({ runs: [RUN] })).toMatchObject({ store: 'runs', index: 0, problem: expect.objectContaining({ key: 'recordDatasetNotInBackup' }) });
    expect(crossProblems({ runs: [RUN] }, { datasetRows: new Map([['ds', 3]]) })).toBeNull();
    const tooMany = crossProblems({ runs: [{ ...RUN, total: 10 }] }, { datasetRows: new Map([['ds', 3]]) });
    expect(tooMany).toMatchObject({ store: 'runs' });
    expect(englishText(tooMany!.problem)).toMatch(/more than its dataset's 3/);
    expect(crossProblems({ runResults: [{ runId: 'run', chunk: 5, startIndex: 0, results: [1] }] }, { runTotals: new Map([['run', 3]]) })).toMatchObject({
      store: 'runResults',
    });
    const short = crossProblems({ datasets: [DATASET], datasetRows: [{ datasetId: 'ds', items: [ITEM] }] });
    expect(short).toMatchObject({ store: 'datasetRows' });
    expect(englishText(short!.problem)).toMatch(/1 rows but its dataset says 3/);
  });

  it('checks the simple stores by their required fields and dates', () => {
    expect(english(recordProblem('templates', { id: 't', name: 'T', kind: 'custom', body: 'x', variables: [], createdAt: T0, updatedAt: T0 }))).toBeNull();
    expect(english(recordProblem('templates', { id: 't', name: 'T', kind: 'custom', body: 'x', variables: [], createdAt: 'today', updatedAt: T0 }))).toMatch(
      /"createdAt" must be a date/,
    );
    expect(english(recordProblem('drafts', { id: 'd', title: 't', createdAt: T0, updatedAt: T0 }))).toMatch(/"text" must be text/);
    expect(english(recordProblem('passages', { id: 'p', knowledgeBaseId: 'k', text: 't' }))).toBeNull();
    // Run and chunk bounds are left to crossProblems, which knows the dataset and the run.
    expect(english(recordProblem('runs', { ...RUN, total: 300_000_000 }))).toBeNull();
    expect(english(recordProblem('runs', { ...RUN, status: 'exploded' }))).toMatch(/"status"/);
  });
});

describe('in both languages', () => {
  const cases: Array<[string, Problem]> = [
    ['createdAt "yesterday"', datasetProblem({ ...DATASET, createdAt: 'yesterday' })],
    ['no source', datasetProblem({ ...DATASET, source: undefined })],
    ['a list where a row was expected', itemProblem([1, 2, 3])],
    ['row 2 of [ITEM, null]', datasetRowsProblem({ datasetId: 'ds', items: [ITEM, null] })],
    ['a run total of 300,000,000', runProblem({ ...RUN, total: 300_000_000 }, 3)],
    ['an unknown status', runProblem({ ...RUN, status: 'exploded' }, 3)],
    ['a chunk at 2^53−2', chunkProblem({ runId: 'run', chunk: 2 ** 53 - 2, startIndex: 0, results: [1] }, 3)],
    ['a run whose dataset is missing', crossProblems({ runs: [RUN] })!.problem],
  ];

  it.each(cases)('renders %s in English exactly as the SDK message says it', (_label, problem) => {
    expect(problem).not.toBeNull();
    expect(rendered(problem!, 'en')).toBe(englishText(problem!));
  });

  it.each(cases)('renders %s in Chinese, with no English wording left', (_label, problem) => {
    const zh = rendered(problem!, 'zh-CN');
    expect(zh).toMatch(HAN);
    expect(zh).not.toMatch(/\b(must|found|missing|rows?|list|dataset|run|chunk|beyond|more than)\b/);
  });

  it('keeps the field and the value found in the Chinese reason', () => {
    expect(rendered(datasetProblem({ ...DATASET, createdAt: 'yesterday' })!, 'zh-CN')).toBe(
      '“createdAt”必须是日期（自 1970 年起的毫秒数）（实际为 "yesterday"）',
    );
    expect(rendered(runProblem({ ...RUN, total: 300_000_000 }, 3)!, 'zh-CN')).toBe('其总行数 300,000,000 超过了所属数据集的 3 行');
  });
});
