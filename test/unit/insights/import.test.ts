import { describe, expect, it } from 'vitest';
import { DATASET_ROW_LIMIT, findJsonError, parseFeedbackFile, parsePastedText, toFeedbackItems } from '../../../src/insights/import';
import { WorkbenchError } from '../../../src/core';

const encoder = new TextEncoder();
const file = (name: string, text: string) => ({ name, bytes: encoder.encode(text) });

/** Resolves to the WorkbenchError a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<WorkbenchError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WorkbenchError);
    return error as WorkbenchError;
  }
  throw new Error('expected the promise to reject');
}

describe('parseFeedbackFile: CSV and TSV', () => {
  it('reads quoted fields with commas, escaped quotes and newlines, with CRLF line ends', async () => {
    const csv = 'id,text,rating\r\n1,"Battery dies, fast",2\r\n2,"Line one\r\nline two with ""quotes""",5\r\n';
    const table = await parseFeedbackFile(file('f.csv', csv));
    expect(table.format).toBe('csv');
    expect(table.columns).toEqual(['id', 'text', 'rating']);
    expect(table.rows).toEqual([
      { id: '1', text: 'Battery dies, fast', rating: '2' },
      { id: '2', text: 'Line one\r\nline two with "quotes"', rating: '5' },
    ]);
    expect(table.warnings).toEqual([]);
  });

  it('drops a UTF-8 BOM so the first column is not named "\\uFEFFid"', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...encoder.encode('id,text\n1,héllo 你好\n')]);
    const table = await parseFeedbackFile({ name: 'bom.csv', bytes });
    expect(table.columns).toEqual(['id', 'text']);
    expect(table.rows[0]).toEqual({ id: '1', text: 'héllo 你好' });
  });

  it('auto-detects semicolons and tabs in a .csv', async () => {
    const semi = await parseFeedbackFile(file('eu.csv', 'text;rating\nGut, aber teuer;4\nSchlecht;1\n'));
    expect(semi.delimiter).toBe(';');
    expect(semi.rows[0]).toEqual({ text: 'Gut, aber teuer', rating: '4' });
    const tabs = await parseFeedbackFile(file('t.csv', 'text\trating\nok, fine\t3\nbad\t1\n'));
    expect(tabs.format).toBe('tsv');
    expect(tabs.rows[1]).toEqual({ text: 'bad', rating: '1' });
  });

  it('reports an unclosed quote with its line instead of swallowing the rest of the file', async () => {
    const csv = 'id,text\n1,fine\n2,"never closed\n3,lost\n4,lost too\n';
    const error = await rejection(parseFeedbackFile(file('bad.csv', csv)));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/starts in row 2 \(line 3\) is never closed/);
  });

  it('names blank and repeated headers, pads short rows and keeps extra cells, with warnings', async () => {
    const table = await parseFeedbackFile(file('ragged.csv', ',text,text\na,b,c\nd\ne,f,g,h\n'));
    expect(table.columns).toEqual(['column_1', 'text', 'text_2', 'column_4']);
    expect(table.rows[1]).toEqual({ column_1: 'd', text: '', text_2: '', column_4: '' });
    expect(table.rows[2]!.column_4).toBe('h');
    expect(table.warnings.join(' ')).toMatch(/1 row has more cells/);
    expect(table.warnings.join(' ')).toMatch(/1 row has fewer cells/);
  });

  it('stores a "__proto__" header as data instead of changing the row prototype', async () => {
    const table = await parseFeedbackFile(file('p.csv', '__proto__,text\nx,y\n'));
    expect(table.columns).toEqual(['__proto___', 'text']);
    expect(Object.getPrototypeOf(table.rows[0])).toBe(Object.prototype);
    expect(table.rows[0]!['__proto___']).toBe('x');
  });

  it('keeps a first row that is data when a file has no header', async () => {
    const table = await parseFeedbackFile(file('uci.tsv', 'Great phone.\t1\nBattery died.\t0\n'));
    expect(table.columns).toEqual(['column_1', 'column_2']);
    expect(table.rows).toHaveLength(2);
    expect(table.warnings[0]).toMatch(/looks like data/);
  });

  it('handles 100,000 rows and a single 200,000-character line in linear time', async () => {
    const long = 'x'.repeat(200_000);
    const lines = ['id,text', `0,"${long}"`];
    for (let i = 1; i < 100_000; i++) lines.push(`${i},row number ${i}`);
    const started = performance.now();
    const table = await parseFeedbackFile(file('big.csv', lines.join('\n')));
    const elapsed = performance.now() - started;
    expect(table.rows).toHaveLength(100_000);
    expect(table.rows[0]!.text).toHaveLength(200_000);
    expect(table.rows[99_999]).toEqual({ id: '99999', text: 'row number 99999' });
    expect(elapsed).toBeLessThan(5000);
  });

  it('parses a single 200,000-character line on its own quickly', async () => {
    const started = performance.now();
    const table = await parseFeedbackFile(file('one.csv', `text\n${'word '.repeat(40_000)}`));
    expect(table.rows[0]!.text).toHaveLength(200_000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('parseFeedbackFile: bad input', () => {
  it('rejects an empty file and a file holding only a BOM and whitespace', async () => {
    expect((await rejection(parseFeedbackFile(file('e.csv', '')))).message).toMatch(/"e.csv" is empty/);
    const bomOnly = new Uint8Array([0xef, 0xbb, 0xbf, 0x0a, 0x20]);
    expect((await rejection(parseFeedbackFile({ name: 'b.csv', bytes: bomOnly }))).message).toMatch(/empty/);
  });

  it('rejects a header with no rows', async () => {
    expect((await rejection(parseFeedbackFile(file('h.csv', 'id,text\n')))).message).toMatch(/column names but no rows/);
  });

  it('rejects binary content named .csv', async () => {
    const bytes = new Uint8Array(512);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const error = await rejection(parseFeedbackFile({ name: 'data.csv', bytes }));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/not a text file/);
  });

  it('names known binary formats (old .xls, PDF) instead of a generic message', async () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
    expect((await rejection(parseFeedbackFile({ name: 'survey.csv', bytes: ole }))).message).toMatch(/old-style Excel/);
    const pdf = encoder.encode('%PDF-1.7\n...');
    expect((await rejection(parseFeedbackFile({ name: 'r.txt', bytes: pdf }))).message).toMatch(/is a PDF/);
  });

  it('rejects text that is mostly not UTF-8 (e.g. GBK), with the line of the first bad byte', async () => {
    // "很好" in GBK is BA DC BA C3: invalid as UTF-8.
    const gbk = [0xba, 0xdc, 0xba, 0xc3];
    const bytes = new Uint8Array([...encoder.encode('label,review\n'), ...[1, 2, 3].flatMap(() => [0x31, 0x2c, ...gbk, 0x0a])]);
    const error = await rejection(parseFeedbackFile({ name: 'gbk.csv', bytes }));
    expect(error.message).toMatch(/not valid UTF-8/);
    expect(error.message).toMatch(/first on line 2/);
    expect(error.message).toMatch(/CSV UTF-8/);
  });

  it('decodes rare invalid bytes lossily with a warning count, unless told never to', async () => {
    const good = encoder.encode(`text\n${'fine feedback\n'.repeat(200)}`);
    const bytes = new Uint8Array([...good, ...encoder.encode('caf'), 0xe9, 0x0a]); // Windows-1252 "é"
    const table = await parseFeedbackFile({ name: 'mostly.csv', bytes });
    expect(table.rows.at(-1)!.text).toBe('caf\uFFFD');
    expect(table.warnings[0]).toMatch(/^1 invalid UTF-8 byte sequence \(first on line 202\)/);
    await expect(parseFeedbackFile({ name: 'mostly.csv', bytes }, { lossyUtf8: 'never' })).rejects.toThrow(/not valid UTF-8/);
  });

  it('reads UTF-16 with a BOM (Excel "Unicode text")', async () => {
    const text = 'text\trating\n很好\t5\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      bytes[2 + i * 2] = text.charCodeAt(i) & 0xff;
      bytes[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const table = await parseFeedbackFile({ name: 'u16.txt', bytes });
    expect(table.rows).toEqual([{ text: '很好', rating: '5' }]);
  });

  it('rejects unsupported extensions, naming the supported ones', async () => {
    const error = await rejection(parseFeedbackFile(file('notes.docx', 'hello')));
    expect(error.message).toMatch(/"\.docx" files are not supported/);
    expect(error.message).toMatch(/CSV, TSV, JSON, JSONL, XLSX/);
  });

  it('rejects a .xlsx that is not a ZIP workbook', async () => {
    expect((await rejection(parseFeedbackFile(file('x.xlsx', 'a,b\n1,2\n')))).message).toMatch(/not a valid \.xlsx/);
  });
});

describe('parseFeedbackFile: JSON and JSON Lines', () => {
  it('reads an array of objects, with nested values as JSON text and missing keys blank', async () => {
    const json = JSON.stringify([
      { text: 'a', tags: ['x'] },
      { text: 'b', rating: 4, extra: null },
    ]);
    const table = await parseFeedbackFile(file('f.json', json));
    expect(table.format).toBe('json');
    expect(table.columns).toEqual(['text', 'tags', 'rating', 'extra']);
    expect(table.rows).toEqual([
      { text: 'a', tags: '["x"]', rating: '', extra: '' },
      { text: 'b', tags: '', rating: '4', extra: '' },
    ]);
  });

  it('reads {"rows": [...]} and an object whose only list holds the rows', async () => {
    expect((await parseFeedbackFile(file('r.json', '{"rows":[{"text":"hi"}]}'))).rows).toEqual([{ text: 'hi' }]);
    const data = await parseFeedbackFile(file('d.json', '{"version":1,"data":[{"text":"yo"}]}'));
    expect(data.rows).toEqual([{ text: 'yo' }]);
    expect(data.warnings[0]).toMatch(/"data" field/);
  });

  it('reads an array of strings as a "text" column', async () => {
    expect((await parseFeedbackFile(file('s.json', '["good", "bad"]'))).rows).toEqual([{ text: 'good' }, { text: 'bad' }]);
  });

  it('reports a JSON syntax error with line and column', async () => {
    const error = await rejection(parseFeedbackFile(file('bad.json', '[\n  {"text": "a"},\n  {"text": "b" "rating": 2}\n]')));
    expect(error.code).toBe('bad-input');
    expect(error.message).toMatch(/line 3, column 16: expected "," or "}"/);
  });

  it('reports the line number of a bad JSON Lines record', async () => {
    const jsonl = '{"text":"one"}\n{"text":"two"}\n\n{"text": "four",}\n{"text":"five"}\n';
    const error = await rejection(parseFeedbackFile(file('f.jsonl', jsonl)));
    expect(error.message).toMatch(/^Line 4 of "f\.jsonl" is not valid JSON \(column 17/);
  });

  it('reads JSON Lines (blank lines skipped) even when the file is named .json', async () => {
    const table = await parseFeedbackFile(file('lines.json', '{"text":"one"}\n\n{"text":"two","n":2}\n'));
    expect(table.format).toBe('jsonl');
    expect(table.rows).toEqual([
      { text: 'one', n: '' },
      { text: 'two', n: '2' },
    ]);
    expect(table.warnings[0]).toMatch(/JSON Lines/);
  });

  it('rejects a JSON Lines record that is a list', async () => {
    expect((await rejection(parseFeedbackFile(file('l.jsonl', '{"text":"a"}\n[1,2]\n')))).message).toMatch(/Line 2 of "l.jsonl" is a list/);
  });
});

describe('findJsonError', () => {
  it('returns null for valid JSON and the offset of the first error otherwise', () => {
    expect(findJsonError('{"a":[1,2.5e3,-0,true,null,"x\\n\\u00e9"],"b":{}}')).toBeNull();
    expect(findJsonError('[1,2,]')).toEqual({ offset: 5, expected: { key: 'jsonExpectValue' } });
    expect(findJsonError('{"a" 1}')).toEqual({ offset: 5, expected: '":"' });
    expect(findJsonError('{"a":1')).toEqual({ offset: 6, expected: '"," or "}"' });
    expect(findJsonError('"abc')?.offset).toBe(4);
    expect(findJsonError('[1] 2')?.expected).toEqual({ key: 'jsonExpectDataEnd' });
  });

  it('does not overflow the stack on deep nesting', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(99_999);
    expect(findJsonError(deep)).toEqual({ offset: deep.length, expected: '"," or "]"' });
  });
});

describe('parsePastedText', () => {
  it('treats a spreadsheet copy (tabs) as a table with a header', () => {
    const table = parsePastedText('text\trating\nLove it, truly\t5\nMeh\t3');
    expect(table.format).toBe('tsv');
    expect(table.rows).toEqual([
      { text: 'Love it, truly', rating: '5' },
      { text: 'Meh', rating: '3' },
    ]);
  });

  it('keeps prose with commas as one feedback per line', () => {
    const table = parsePastedText('Love it, but the battery dies\nToo expensive, honestly\nGreat app, fast');
    expect(table.format).toBe('text');
    expect(table.rows.map((r) => r.text)).toEqual(['Love it, but the battery dies', 'Too expensive, honestly', 'Great app, fast']);
  });

  it('reads a pasted CSV with a header', () => {
    const table = parsePastedText('text,rating\n"Good, fast",5\nSlow,2\n');
    expect(table.format).toBe('csv');
    expect(table.rows[0]).toEqual({ text: 'Good, fast', rating: '5' });
  });

  it('splits on blank lines when entries span several lines', () => {
    const table = parsePastedText('First line of one\nstill the same entry\n\nSecond entry\n\n\nThird\nentry');
    expect(table.rows.map((r) => r.text)).toEqual(['First line of one still the same entry', 'Second entry', 'Third entry']);
    expect(parsePastedText('a\nb\n\nc', { split: 'lines' }).rows).toHaveLength(3);
    // A long list with a stray blank line is still one feedback per line.
    const list = Array.from({ length: 15 }, (_, i) => `item ${i}`).join('\n') + '\n\nlast';
    expect(parsePastedText(list).rows).toHaveLength(16);
  });

  it('reads pasted JSON and rejects an empty paste', () => {
    expect(parsePastedText('[{"text":"x"}]').rows).toEqual([{ text: 'x' }]);
    expect(() => parsePastedText(' \n\t')).toThrow(/pasted text is empty/);
  });
});

describe('the dataset row limit', () => {
  const mapping = { text: 'text', date: null, rating: null, segment: null, id: null };
  const table = (rows: number) => ({
    columns: ['text'],
    rows: Array.from({ length: rows }, (_, i) => ({ text: `r${i}` })),
    format: 'csv' as const,
    warnings: [],
  });

  it('takes a table of exactly the limit', () => {
    expect(toFeedbackItems(table(DATASET_ROW_LIMIT), mapping).items).toHaveLength(DATASET_ROW_LIMIT);
  });

  it('refuses one row more up front, naming both numbers and the limit', () => {
    expect(() => toFeedbackItems(table(DATASET_ROW_LIMIT + 1), mapping)).toThrow(
      expect.objectContaining({
        code: 'bad-input',
        message: expect.stringContaining('The table has 500,001 rows; a dataset can have at most 500,000 (the limit)'),
      }),
    );
  });
});
