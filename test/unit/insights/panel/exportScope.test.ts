/**
 * Exports while the table is filtered (issue 15, point 2): "Export CSV" saved 44 of 978 rows as
 * `alexa_1000.csv` while the reports covered all 978. The filter is now in the file name and in
 * the file whenever an export holds only the rows shown.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { rowsToCsv, rowsToJson, type InsightRow } from '../../../../src/insights';
import { csvWithFilterLine, exportNote, exportStem, filterParts, jsonWithFilter, type FilterWords } from '../../../../src/panels/insights/logic/exportScope';

const words: FilterWords = {
  sentiment: (value) => value[0]!.toUpperCase() + value.slice(1),
  theme: (id) => `Theme ${id}`,
  category: (value) => value ?? 'No category',
  rating: (rating) => `Rating ${rating}`,
  search: (text) => `search "${text}"`,
};

const row = (i: number): InsightRow => ({
  row: i,
  id: String(i),
  text: `text ${i}`,
  date: null,
  rating: 1,
  segment: null,
  sentiment: 'negative',
  sentimentScore: -0.9,
  themeId: null,
});

describe('filterParts', () => {
  it('puts the chart filter in words', () => {
    expect(filterParts({ sentiment: 'negative', rating: 1 }, words)).toEqual(['Negative', 'Rating 1']);
    expect(filterParts({}, words)).toEqual([]);
    expect(filterParts({ search: ' battery ', themeId: 2, category: null, dates: { from: '2026-01-01', to: '2026-01-08', label: 'Jan 1' } }, words)).toEqual([
      'search "battery"',
      'Theme 2',
      'No category',
      'Jan 1',
    ]);
  });
});

describe('a filtered export', () => {
  const parts = ['Negative', 'Rating 1'];

  it('is named after the dataset and its filter; all rows keep the plain name', () => {
    const note = exportNote('shown', parts, 44, 978);
    expect(exportStem('alexa_1000', note)).toBe('alexa_1000 (Negative, Rating 1)');
    expect(exportStem('alexa_1000', exportNote('all', parts, 44, 978))).toBe('alexa_1000');
    // No filter on: nothing to choose, nothing to say.
    expect(exportNote('shown', [], 978, 978)).toBeNull();
    expect(exportStem('a/b:c', exportNote('shown', ['x?y'], 1, 2))).toBe('a_b_c (x_y)');
  });

  it('CSV starts with the filter as a comment line after the BOM, and the rows still parse', () => {
    const rows = [row(1), row(2)];
    const csv = csvWithFilterLine(rowsToCsv(rows), 'Filter: Negative, Rating 1 (2 of 978 rows)');
    expect(csv.startsWith('\uFEFF# Filter: Negative, Rating 1 (2 of 978 rows)\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, comments: '#', skipEmptyLines: true });
    expect(parsed.data.map((r) => r.text)).toEqual(['text 1', 'text 2']);
    expect(csvWithFilterLine(rowsToCsv(rows), null)).toBe(rowsToCsv(rows));
  });

  it('JSON carries the filter and the counts beside the rows', () => {
    const rows = [row(1)];
    const note = exportNote('shown', parts, 1, 978);
    const json = JSON.parse(jsonWithFilter(rowsToJson(rows), note, 'Filter: Negative, Rating 1 (1 of 978 rows)')) as Record<string, unknown>;
    expect(json).toMatchObject({ filter: 'Filter: Negative, Rating 1 (1 of 978 rows)', filterParts: parts, rowsShown: 1, rowsTotal: 978 });
    expect((json.rows as unknown[]).length).toBe(1);
    expect(JSON.parse(jsonWithFilter(rowsToJson(rows), null, null))).toEqual(JSON.parse(rowsToJson(rows)));
  });
});
