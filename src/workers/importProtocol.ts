/**
 * Messages between the page and the table-import worker (src/workers/import.worker.ts), which
 * decodes and parses picked files and pasted text (CSV, TSV, JSON, JSONL, XLSX, plain text) off
 * the page's thread. One worker per import: cancelling or passing the time limit terminates it.
 */
import type { PasteOptions, ParseOptions } from '../insights/import';
import type { ParsedTable } from '../insights/types';
import type { SerializedError } from './protocol';

export type ImportRequest =
  | { kind: 'file'; file: Blob; name: string; options?: ParseOptions }
  | { kind: 'text'; text: string; options?: PasteOptions };

/** 'reading': the file's bytes; 'parsing': decoding and parsing; 'receiving': rows arriving on the page. */
export type ImportStage = 'reading' | 'parsing' | 'receiving';

/** The table without its rows; the rows follow in `rows` messages of at most ROWS_PER_MESSAGE. */
export type TableHead = Omit<ParsedTable, 'rows'>;

export type ImportResponse =
  | { type: 'stage'; stage: ImportStage }
  | { type: 'table'; head: TableHead; rowCount: number }
  | { type: 'rows'; rows: ParsedTable['rows'] }
  | { type: 'done' }
  | { type: 'error'; error: SerializedError };

/**
 * Rows per message. The page deserialises each message in one task; 5,000 rows of a few short
 * cells take a few milliseconds, and the 339,000 rows of a 50 MB CSV arrive in 68 messages
 * instead of one task of seconds.
 */
export const ROWS_PER_MESSAGE = 5_000;
