/**
 * A CSV with a header row as records keyed by its column names, for importers that read columns
 * by name (Ask's FAQ, Summarize's CSV). Papa.parse's `header: true` builds each row as a plain
 * object, where a column named `__proto__` is swallowed (assigning it sets the prototype) and a
 * missing `constructor` or `toString` cell reads Object.prototype's function; here each row has
 * no prototype, so every user column name is an ordinary key (issue 11 point 3).
 */
import Papa from 'papaparse';

/** A row: its own cells only; a cell the row lacks is undefined. */
export type CsvRecord = Record<string, string | undefined>;

export interface CsvRecords {
  /** Trimmed header names; a repeated name gets `_1`, `_2`… as Papa does, an empty one stays ''. */
  fields: string[];
  rows: CsvRecord[];
  /** The first unbalanced quote: the row it is near, numbered as the importers always reported it, and Papa's message. */
  quoteError: { line: number; message: string } | null;
}

function uniqueFields(header: readonly string[]): string[] {
  const seen = new Set<string>();
  return header.map((raw) => {
    const name = raw.trim();
    let unique = name;
    for (let n = 1; name !== '' && seen.has(unique); n++) unique = `${name}_${n}`;
    seen.add(unique);
    return unique;
  });
}

export function parseCsvRecords(text: string, options: { delimiter?: string } = {}): CsvRecords {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: 'greedy', delimiter: options.delimiter });
  const [header = [], ...body] = parsed.data;
  const fields = uniqueFields(header);
  const rows = body.map((cells) => {
    const row: CsvRecord = Object.create(null) as CsvRecord;
    fields.forEach((field, i) => {
      if (field !== '' && i < cells.length) row[field] = cells[i];
    });
    return row;
  });
  const quote = parsed.errors.find((e) => e.type === 'Quotes');
  return { fields, rows, quoteError: quote ? { line: (quote.row ?? 0) + 2, message: quote.message } : null };
}
