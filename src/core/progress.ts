/**
 * Progress reports: a model's download and initialisation, and the items of one request.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

/** Download and initialisation progress of one model, all its files combined. */
export interface LoadProgress {
  modelId: string;
  phase: 'downloading' | 'initializing' | 'ready';
  loadedBytes: number;
  totalBytes: number;
  files: Record<string, { loaded: number; total: number }>;
}

/** Progress through the items of one request (rows classified, tokens generated, ...). */
export interface WorkProgress {
  done: number;
  total: number;
  /**
   * For calls that go through stages, which one this is: the SDK's `summarize` first splits a
   * long text (`chunking`, in characters), then summarizes it (`summarizing`, in tokens of a
   * one-window text or in steps of a summary in parts). Classify and embed report `tokenizing`
   * (with `prepared`) while a big input is tokenized, before any row is done.
   */
  stage?: 'chunking' | 'summarizing' | 'tokenizing';
  /**
   * With `stage: 'tokenizing'` (an encoder job of classify or embed before its first batch):
   * how many of the `total` texts are tokenized; `done` stays 0, as no text is classified yet.
   */
  prepared?: number;
  /**
   * Encoder jobs (classify, embed): `done` is the milliseconds the job's batches have taken so
   * far, `total` that plus the engine's prediction for the batches left (from their rows and padded
   * tokens). Rows run shortest first, so the share of rows done misjudges the time left; this
   * share is what an ETA should extrapolate.
   */
  work?: { done: number; total: number };
}

/** 'reading': the file's bytes; 'parsing': decoding and parsing; 'receiving': rows arriving on the page. */
export type ImportStage = 'reading' | 'parsing' | 'receiving';

/** Progress of a table import in the import worker, as the page shows it (with its time limit). */
export interface ImportProgress {
  stage: ImportStage;
  /** Rows received so far and the table's total, once the worker has parsed it (0 before). */
  rows: number;
  totalRows: number;
  /** performance.now() when the import started, for the elapsed time. */
  startedAt: number;
  limitMs: number;
}
