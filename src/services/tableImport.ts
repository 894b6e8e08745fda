/**
 * Importing a table (a picked file or pasted text) without blocking the page: the parse runs in
 * a same-origin module worker (src/workers/import.worker.ts, allowed by the CSP's
 * worker-src 'self'), the rows come back in pieces, and the import reports its stage, can be
 * cancelled, and stops at a time limit with an error that says so. Insights, Evaluate and
 * Customize import tables through here; Ask's knowledge base, Customize's classifier file and
 * Write's templates file are parsed through parseInWorker (a backup: services/backupClient.ts).
 */
import type { ColumnGuess, ParseOptions } from '../insights/import';
import type { ColumnMapping, ParsedTable } from '../insights/types';
import type { Passage } from '../content/passages';
import {
  withPassages,
  type ContentJob,
  type ContentResults,
  type DatasetDraft,
  type ImportRequest,
  type ImportResponse,
  type MappingPreview,
  type TableHead,
} from '../workers/importProtocol';
import { WorkbenchError, cancelledError, type ImportProgress, type ImportStage } from '../core';

export type { ContentJob, ContentResults, DatasetDraft, ImportedClassifier, MappingPreview } from '../workers/importProtocol';
export type { ImportProgress } from '../core';

/**
 * How long an import may take before it is stopped. A 50 MB CSV or a 100,000-row workbook takes
 * seconds to a few tens of seconds on a slow laptop; a file still going after three minutes is
 * not going to finish in a way anybody waits for.
 */
export const IMPORT_TIME_LIMIT_MS = 3 * 60_000;

/** What the client needs of a Worker; tests pass a fake. */
export interface ImportWorkerLike {
  postMessage(message: ImportRequest): void;
  terminate(): void;
  addEventListener(type: 'message', listener: (event: { data: ImportResponse }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
}

export interface TableImportOptions {
  signal?: AbortSignal;
  onProgress?(progress: ImportProgress): void;
  timeLimitMs?: number;
  createWorker?(): ImportWorkerLike;
}

/** The app's import worker; stores get it through deps().startImportWorker, so a test can run its handler in-process. */
export function startImportWorker(): ImportWorkerLike {
  return new Worker(new URL('../workers/import.worker.ts', import.meta.url), { type: 'module', name: 'llmaos-import' }) as unknown as ImportWorkerLike;
}

function minutes(ms: number): string {
  const value = ms / 60_000;
  return value >= 1 ? `${Number(value.toFixed(1))} minute${value === 1 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}

/** The time-limit error; `detail` starts with `time-limit` so tests and logs can tell it from a parse error. */
export function timeLimitError(what: string, limitMs: number): WorkbenchError {
  return new WorkbenchError(
    'bad-input',
    `Reading ${what} took longer than ${minutes(limitMs)}, the time limit, so it was stopped. Split it into smaller files, or save it as CSV, and import again.`,
    `time-limit: ${limitMs} ms`,
  );
}

type SourceRequest = Extract<ImportRequest, { kind: 'file' | 'text' }>;

/** The parse, in either mode: resolves with the rows (`stream`) or with the live worker and what it kept (`keep`). */
function run(request: SourceRequest, what: string, options: TableImportOptions): Promise<ParsedTable | KeptTable> {
  const { signal, onProgress } = options;
  const limitMs = options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS;
  if (signal?.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    const worker = (options.createWorker ?? startImportWorker)();
    const startedAt = performance.now();
    let head: TableHead | null = null;
    let totalRows = 0;
    const rows: ParsedTable['rows'] = [];
    let settled = false;

    const report = (stage: ImportStage) => onProgress?.({ stage, rows: rows.length, totalRows, startedAt, limitMs });
    const settle = (error: unknown, result?: ParsedTable | KeptTable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // A worker that kept its table lives on in the session; any other is done (and ending it
      // is also what stops a parse in the middle).
      if (!result || !('worker' in result)) worker.terminate();
      if (result) resolve(result);
      else reject(error);
    };
    const onAbort = () => settle(cancelledError());
    const timer = setTimeout(() => settle(timeLimitError(what, limitMs)), limitMs);
    signal?.addEventListener('abort', onAbort, { once: true });

    worker.addEventListener('message', ({ data }) => {
      if (settled) return;
      switch (data.type) {
        case 'stage':
          report(data.stage);
          break;
        case 'table':
          head = data.head;
          totalRows = data.rowCount;
          report('receiving');
          break;
        case 'rows':
          for (const row of data.rows) rows.push(row);
          report('receiving');
          break;
        case 'done':
          if (!head || rows.length !== totalRows) {
            settle(new WorkbenchError('internal', `The import of ${what} ended with ${rows.length} of ${totalRows} rows.`));
          } else {
            settle(null, { ...head, rows });
          }
          break;
        case 'kept':
          settle(null, { worker, head: data.head, rowCount: data.rowCount, guess: data.guess });
          break;
        case 'error':
          settle(WorkbenchError.from(data.error));
          break;
        case 'passages':
        case 'answer':
          break;
      }
    });
    worker.addEventListener('error', (event) => {
      settle(new WorkbenchError('worker-crashed', `The import of ${what} stopped unexpectedly.`, event.message));
    });
    report(request.kind === 'file' ? 'reading' : 'parsing');
    worker.postMessage(request);
  });
}

interface KeptTable {
  worker: ImportWorkerLike;
  head: TableHead;
  rowCount: number;
  guess: ColumnGuess;
}

/** Reads a picked file (CSV, TSV, JSON, JSONL, XLSX, text) off the page's thread; every row comes to the page. */
export async function importTableFile(file: Blob & { name: string }, options: TableImportOptions & { parse?: ParseOptions } = {}): Promise<ParsedTable> {
  return (await run({ kind: 'file', mode: 'stream', file, name: file.name, options: options.parse }, `"${file.name}"`, options)) as ParsedTable;
}

/**
 * A parsed table that stays in the import worker: the page gets its columns, row count and the
 * guessed mapping, asks for the import report of a mapping, and saves the dataset, without the
 * rows crossing to the page. `close()` ends the worker; so does a successful save.
 */
export interface TableSession {
  head: TableHead;
  rowCount: number;
  guess: ColumnGuess;
  preview(mapping: ColumnMapping): Promise<MappingPreview>;
  /** Writes the dataset (metadata and rows) to the workspace; resolves with its id and ends the worker. */
  save(mapping: ColumnMapping, dataset: DatasetDraft): Promise<string>;
  close(): void;
}

function session(kept: KeptTable): TableSession {
  const { worker } = kept;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  const failAll = (error: WorkbenchError) => {
    for (const entry of pending.values()) entry.reject(error);
    pending.clear();
  };
  worker.addEventListener('message', ({ data }) => {
    if (data.type !== 'answer') return;
    const entry = pending.get(data.id);
    if (!entry) return;
    pending.delete(data.id);
    if (data.ok) entry.resolve(data.result);
    else entry.reject(WorkbenchError.from(data.error));
  });
  worker.addEventListener('error', (event) => failAll(new WorkbenchError('worker-crashed', 'The import worker stopped unexpectedly.', event.message)));
  const ask = <T>(request: Extract<ImportRequest, { kind: 'preview' | 'save' }>): Promise<T> => {
    if (closed) return Promise.reject(new WorkbenchError('cancelled', 'This import was closed.'));
    return new Promise<T>((resolve, reject) => {
      pending.set(request.id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage(request);
    });
  };
  const close = () => {
    if (closed) return;
    closed = true;
    worker.terminate();
    failAll(cancelledError());
  };
  return {
    head: kept.head,
    rowCount: kept.rowCount,
    guess: kept.guess,
    preview: (mapping) => ask<MappingPreview>({ kind: 'preview', id: nextId++, mapping }),
    save: async (mapping, dataset) => {
      // Closed only once saved: after a failed save (a full disk) the user can free space and
      // press Import again without reading the file again.
      const id = await ask<string>({ kind: 'save', id: nextId++, mapping, dataset });
      close();
      return id;
    },
    close,
  };
}

/** Parses a file into a session (the rows stay in the worker). */
export async function openFileSession(file: Blob & { name: string }, options: TableImportOptions = {}): Promise<TableSession> {
  return session((await run({ kind: 'file', mode: 'keep', file, name: file.name }, `"${file.name}"`, options)) as KeptTable);
}

/** Parses pasted text into a session (the rows stay in the worker). */
export async function openTextSession(text: string, options: TableImportOptions = {}): Promise<TableSession> {
  return session((await run({ kind: 'text', mode: 'keep', text }, 'the pasted text', options)) as KeptTable);
}

/**
 * Reads and parses one of the app's other files (see ContentJob) in a fresh import worker, which
 * also saves a classifier or templates file, and resolves with what the page needs to show.
 * Cancel and the time limit end the worker, as for tables. `what` names the file in errors
 * (`"faq.csv"`, "the templates file").
 */
export function parseInWorker<Op extends ContentJob['op']>(
  job: Extract<ContentJob, { op: Op }>,
  what: string,
  options: Omit<TableImportOptions, 'onProgress'> = {},
): Promise<ContentResults[Op]> {
  const { signal } = options;
  const limitMs = options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS;
  if (signal?.aborted) return Promise.reject(cancelledError());
  return new Promise((resolve, reject) => {
    const worker = (options.createWorker ?? startImportWorker)();
    let settled = false;
    const settle = (error: unknown, result?: { value: ContentResults[Op] }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      if (result) resolve(result.value);
      else reject(error);
    };
    const onAbort = () => settle(cancelledError());
    const timer = setTimeout(() => settle(timeLimitError(what, limitMs)), limitMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    const passages: Passage[] = [];
    worker.addEventListener('message', ({ data }) => {
      if (data.type === 'passages') for (const passage of data.passages) passages.push(passage);
      if (data.type !== 'answer') return;
      if (data.ok) settle(null, { value: withPassages(job.op, data.result, passages) });
      else settle(WorkbenchError.from(data.error));
    });
    worker.addEventListener('error', (event) => {
      settle(new WorkbenchError('worker-crashed', `Reading ${what} stopped unexpectedly.`, event.message));
    });
    worker.postMessage({ kind: 'content', id: 1, job });
  });
}
