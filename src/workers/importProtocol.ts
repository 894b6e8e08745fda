/**
 * Messages between the page and the table-import worker (src/workers/import.worker.ts), which
 * decodes and parses picked files and pasted text (CSV, TSV, JSON, JSONL, XLSX, plain text) off
 * the page's thread. One worker per import: cancelling or passing the time limit terminates it.
 *
 * Two ways to use it: `stream` sends every row back in pieces (Evaluate, Customize: they need the
 * rows on the page); `keep` keeps the table in the worker, which then answers `preview` (the
 * import report for a column mapping) and `save` (writes the dataset to the workspace) without
 * the rows ever crossing to the page (Insights, whose files can have hundreds of thousands).
 * A `content` request parses one of the app's other files (see ContentJob) and answers once, its
 * passages, if any, having gone ahead in pieces.
 */
import type { ColumnGuess, ImportReport, PasteOptions, ParseOptions } from '../insights/import';
import type { ColumnMapping, FeedbackItem, ParsedTable } from '../insights/types';
import type { DatasetRecord } from '../storage/workspace';
import type { FaqParseResult, Passage, PassageChunkOptions } from '../content/passages';
import type { ImportOptions as TemplateImportOptions, ImportResult as TemplateImportResult } from '../content/templates';
import type { ImportStage, SerializedError } from '../core';

export type ImportMode = 'stream' | 'keep';

export type ImportRequest =
  | { kind: 'file'; mode: ImportMode; file: Blob; name: string; options?: ParseOptions }
  | { kind: 'text'; mode: ImportMode; text: string; options?: PasteOptions }
  | { kind: 'preview'; id: number; mapping: ColumnMapping }
  | { kind: 'save'; id: number; mapping: ColumnMapping; dataset: DatasetDraft }
  | { kind: 'content'; id: number; job: ContentJob };

/**
 * The other files the app reads (Ask's knowledge base, a classifier, a templates file; a
 * workspace backup has a worker of its own, src/workers/backup.worker.ts): parsed and checked
 * here, one worker per file, and only the result goes to the page. Files come as the picked file
 * itself. The page writes a knowledge base's passages (it embeds them as it does); a classifier
 * and a templates file are saved here (the worker's content operations say why).
 */
export type ContentJob =
  | { op: 'faq'; source: TextSource; options: PassageOptions }
  | { op: 'passages'; fileName: string; source: TextSource; options: PassageOptions }
  | ({ op: 'classifier' } & ClassifierFileJob)
  | { op: 'templates'; file: Blob; options: TemplateImportOptions; savedAt: number };

/**
 * A picked file, read as UTF-8 here (the page posts a handle to it, not its text: for a 5 MB file,
 * reading and posting the text held the page for 360 ms), or text the user pasted.
 */
export type TextSource = Blob | string;

/**
 * A classifier file to read and save. It is saved only when the embedding model it names is in
 * `library` or is the one the user chose (`embeddingModel`, after the page asked); otherwise the
 * answer asks the page to ask, and the page sends the job again with the choice.
 */
export interface ClassifierFileJob {
  file: Blob;
  fileName: string;
  /** The id the new record gets. */
  id: string;
  /** Epoch ms of the save. */
  savedAt: number;
  /** The library's embedding models. */
  library: string[];
  /** The embedding model the user chose for this file: the one it names, or one of `library`. */
  embeddingModel?: string;
}

/** What became of a classifier file: saved under a name, or waiting for the user's choice of embedding model. */
export type ImportedClassifier = { kind: 'saved'; name: string } | { kind: 'confirm'; name: string; embeddingModel: string };

/** A tokenizer function cannot cross to a worker: passages are cut with the token estimate there. */
export type PassageOptions = Omit<PassageChunkOptions, 'countTokens'> & { docId?: string };

export interface ContentResults {
  faq: FaqParseResult;
  passages: Passage[];
  classifier: ImportedClassifier;
  templates: SavedTemplates;
}

/** What the page needs of a saved templates file: the new templates' ids, in file order, and the notes. */
export interface SavedTemplates {
  ids: string[];
  warnings: TemplateImportResult['warnings'];
}

/** The dataset record minus what the worker fills in from the table and the mapping. */
export type DatasetDraft = Omit<DatasetRecord, 'columns' | 'mapping' | 'rowCount' | 'report'>;

export type { ImportStage };

/** The table without its rows. */
export type TableHead = Omit<ParsedTable, 'rows'>;

/**
 * What the mapping step shows: the report with at most REPORT_LISTED empty and duplicate rows
 * listed (a 300,000-row file of short reviews has 250,000 duplicates) and their exact counts.
 */
export interface MappingPreview {
  count: number;
  first: FeedbackItem[];
  report: ImportReport;
  emptyCount: number;
  duplicateCount: number;
}

export const REPORT_LISTED = 100;
export const PREVIEW_ITEMS = 5;

export type ImportResponse =
  | { type: 'stage'; stage: ImportStage }
  | { type: 'table'; head: TableHead; rowCount: number }
  | { type: 'rows'; rows: ParsedTable['rows'] }
  | { type: 'done' }
  | { type: 'kept'; head: TableHead; rowCount: number; guess: ColumnGuess }
  | { type: 'error'; error: SerializedError }
  | { type: 'passages'; id: number; passages: Passage[] }
  | { type: 'answer'; id: number; ok: true; result: unknown }
  | { type: 'answer'; id: number; ok: false; error: SerializedError };

/** A content job's result with the passages that came ahead of its answer put back (see contentResponses). */
export function withPassages<Op extends ContentJob['op']>(op: Op, answered: unknown, passages: Passage[]): ContentResults[Op] {
  if (op === 'faq') return { ...(answered as FaqParseResult), passages } as ContentResults[Op];
  if (op === 'passages') return passages as ContentResults[Op];
  return answered as ContentResults[Op];
}

/**
 * Rows per message. The page deserialises each message in one task; 2,000 rows of a few short
 * cells take 10–40 ms, and the 300,000 rows of a 50 MB CSV arrive in 150 short tasks instead of
 * one of seconds.
 */
export const ROWS_PER_MESSAGE = 2_000;

/** `items` cut into consecutive pieces of at most `size`, one message each (rows, passages). */
export function inPieces<T>(items: readonly T[], size: number): T[][] {
  const pieces: T[][] = [];
  for (let start = 0; start < items.length; start += size) pieces.push(items.slice(start, start + size));
  return pieces;
}
