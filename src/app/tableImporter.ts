/**
 * Reads a picked file into a table with the Insights importer (CSV, TSV, JSON, JSONL, XLSX, text),
 * in the import worker: progress, cancel and the time limit come from src/app/tableImport.ts.
 */
import { importTableFile, type ImportProgress } from './tableImport';
import type { ParsedTable } from '../insights/types';

export interface ImportedTable {
  fileName: string;
  table: ParsedTable;
}

/** One import at a time per store: a new pick cancels the one in progress. */
export interface TableImporter {
  read(file: File, onProgress: (progress: ImportProgress) => void): Promise<ImportedTable>;
  cancel(): void;
  /** Whether this error is the cancel of an import (shown as nothing, not as an error). */
  wasCancelled(error: unknown): boolean;
}

export function createTableImporter(): TableImporter {
  let current: AbortController | null = null;
  const cancelled = new WeakSet<object>();
  return {
    async read(file, onProgress) {
      current?.abort();
      const abort = new AbortController();
      current = abort;
      try {
        return { fileName: file.name, table: await importTableFile(file, { signal: abort.signal, onProgress }) };
      } catch (error) {
        if (abort.signal.aborted && typeof error === 'object' && error !== null) cancelled.add(error);
        throw error;
      } finally {
        if (current === abort) current = null;
      }
    },
    cancel() {
      current?.abort();
    },
    wasCancelled(error) {
      return typeof error === 'object' && error !== null && cancelled.has(error);
    },
  };
}
