import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { parseFeedbackFile } from '../../../src/insights/import';

/** Writes a real .xlsx in memory (write-excel-file, dev-only) and returns its bytes. */
async function workbook(sheets: Array<{ sheet: string; data: Array<Array<string | number | Date | null>> }>): Promise<Uint8Array> {
  const buffer = await writeXlsxFile(
    sheets.map(({ sheet, data }) => ({
      sheet,
      data: data.map((row) => row.map((value) => (value instanceof Date ? { value, type: Date, format: 'yyyy-mm-dd' } : value))),
    })),
  ).toBuffer();
  return new Uint8Array(buffer);
}

describe('parseFeedbackFile: XLSX', () => {
  it('round-trips text (with newlines and Chinese), numbers, dates and blank cells', async () => {
    const bytes = await workbook([
      {
        sheet: 'Feedback',
        data: [
          ['id', 'text', 'rating', 'date'],
          [1, 'Battery dies\nafter an hour', 2, new Date(Date.UTC(2018, 6, 31))],
          [2, '电池不耐用', 1, null],
          [3, '', 5, new Date(Date.UTC(2019, 0, 2))],
        ],
      },
    ]);
    const table = await parseFeedbackFile({ name: 'feedback.xlsx', bytes });
    expect(table.format).toBe('xlsx');
    expect(table.sheet).toBe('Feedback');
    expect(table.columns).toEqual(['id', 'text', 'rating', 'date']);
    expect(table.rows).toEqual([
      { id: '1', text: 'Battery dies\nafter an hour', rating: '2', date: '2018-07-31' },
      { id: '2', text: '电池不耐用', rating: '1', date: '' },
      { id: '3', text: '', rating: '5', date: '2019-01-02' },
    ]);
  });

  it('reads the first sheet with data and names the others in a warning', async () => {
    const bytes = await workbook([
      { sheet: 'Empty', data: [[null]] },
      { sheet: 'Reviews', data: [['text'], ['good']] },
      { sheet: 'Notes', data: [['n'], ['x']] },
    ]);
    const table = await parseFeedbackFile({ name: 'multi.xlsx', bytes });
    expect(table.sheet).toBe('Reviews');
    expect(table.rows).toEqual([{ text: 'good' }]);
    expect(table.warnings).toEqual(['Read the sheet "Reviews"; the other sheets ("Notes") were not imported.']);
  });

  it('reads a workbook renamed .csv as XLSX, with a warning', async () => {
    const bytes = await workbook([{ sheet: 'S', data: [['text'], ['renamed']] }]);
    const table = await parseFeedbackFile({ name: 'export.csv', bytes });
    expect(table.format).toBe('xlsx');
    expect(table.rows).toEqual([{ text: 'renamed' }]);
    expect(table.warnings[0]).toMatch(/is an Excel workbook, not \.csv/);
  });

  it('rejects a damaged workbook with a bad-input error', async () => {
    const bytes = (await workbook([{ sheet: 'S', data: [['text'], ['x']] }])).slice(0, 200);
    await expect(parseFeedbackFile({ name: 'broken.xlsx', bytes })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/could not be read as an Excel workbook/),
    });
  });
});
