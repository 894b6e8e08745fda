/**
 * Importing a table (a picked file or pasted text) without blocking the page: the parse runs in
 * a same-origin module worker (src/workers/import.worker.ts, allowed by the CSP's
 * worker-src 'self'), the rows come back in pieces, and the import reports its stage, can be
 * cancelled, and stops at a time limit with an error that says so. Insights, Evaluate and
 * Customize import through here.
 */
import type { PasteOptions, ParseOptions } from '../insights/import';
import type { ParsedTable } from '../insights/types';
import type { ImportRequest, ImportResponse, ImportStage, TableHead } from '../workers/importProtocol';
import { WorkbenchError } from '../workers/protocol';
import { cancelledError } from '../workers/requestQueue';

export type { ImportStage } from '../workers/importProtocol';

/**
 * How long an import may take before it is stopped. A 50 MB CSV or a 100,000-row workbook takes
 * seconds to a few tens of seconds on a slow laptop; a file still going after three minutes is
 * not going to finish in a way anybody waits for.
 */
export const IMPORT_TIME_LIMIT_MS = 3 * 60_000;

export interface ImportProgress {
  stage: ImportStage;
  /** Rows received so far and the table's total, once the worker has parsed it (0 before). */
  rows: number;
  totalRows: number;
  /** performance.now() when the import started, for the elapsed time. */
  startedAt: number;
  limitMs: number;
}

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

function startWorker(): ImportWorkerLike {
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

function run(request: ImportRequest, what: string, options: TableImportOptions): Promise<ParsedTable> {
  const { signal, onProgress } = options;
  const limitMs = options.timeLimitMs ?? IMPORT_TIME_LIMIT_MS;
  if (signal?.aborted) return Promise.reject(cancelledError());
  return new Promise<ParsedTable>((resolve, reject) => {
    const worker = (options.createWorker ?? startWorker)();
    const startedAt = performance.now();
    let head: TableHead | null = null;
    let totalRows = 0;
    const rows: ParsedTable['rows'] = [];
    let settled = false;

    const report = (stage: ImportStage) => onProgress?.({ stage, rows: rows.length, totalRows, startedAt, limitMs });
    const settle = (error: unknown, table?: ParsedTable) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // The worker serves one import; ending it is also what stops a parse in the middle.
      worker.terminate();
      if (table) resolve(table);
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
        case 'error':
          settle(WorkbenchError.from(data.error));
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

/** Reads a picked file (CSV, TSV, JSON, JSONL, XLSX, text) off the page's thread. */
export function importTableFile(file: Blob & { name: string }, options: TableImportOptions & { parse?: ParseOptions } = {}): Promise<ParsedTable> {
  return run({ kind: 'file', file, name: file.name, options: options.parse }, `"${file.name}"`, options);
}

/** Reads pasted text off the page's thread. */
export function importTableText(text: string, options: TableImportOptions & { paste?: PasteOptions } = {}): Promise<ParsedTable> {
  return run({ kind: 'text', text, options: options.paste }, 'the pasted text', options);
}
