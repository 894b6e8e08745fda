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

  it('reads a 5,000-row workbook (the size that hung in the browser; the CSP side is in test/e2e/imports.spec.ts)', async () => {
    const data: Array<Array<string | number>> = [['id', 'text', 'label']];
    for (let i = 1; i <= 5_000; i++)
      data.push([i, `Review ${i}: the delivery was late but the food was still warm and tasty`, i % 2 ? 'positive' : 'negative']);
    const bytes = await workbook([{ sheet: 'Reviews', data }]);
    const table = await parseFeedbackFile({ name: 'big.xlsx', bytes });
    expect(table.rows).toHaveLength(5_000);
    expect(table.rows[4_999]).toEqual({ id: '5000', text: 'Review 5000: the delivery was late but the food was still warm and tasty', label: 'negative' });
  });

  it('refuses an archive that claims more unpacked XML than the limit, before inflating it (a zip bomb)', async () => {
    const bytes = await workbook([{ sheet: 'S', data: [['text'], ['x']] }]);
    // Claim 600 MB for every entry in the central directory (signature PK\x01\x02, size at +24).
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 46 <= bytes.length; i++) {
      if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, 600 * 1024 * 1024, true);
    }
    await expect(parseFeedbackFile({ name: 'bomb.xlsx', bytes })).rejects.toMatchObject({
      code: 'bad-input',
      message: expect.stringMatching(/more than 512 MB once unpacked \(the limit\)/),
    });
  });
});
