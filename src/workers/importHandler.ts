/**
 * What the table-import worker does with each request, apart from the worker it runs in: the
 * worker (import.worker.ts) hands it its postMessage and the app's workspace; a store test runs
 * the same handler in-process over a workspace on fake-indexeddb (test/unit/support/storeDeps.ts).
 * One handler per worker: in `keep` mode it holds the parsed table for `preview` and `save`.
 */
import { guessColumns, parseFeedbackFile, parsePastedText, toFeedbackItems } from '../insights/import';
import type { ColumnMapping, ParsedTable } from '../insights/types';
import type { DatasetRecord, Workspace } from '../storage/workspace';
import {
  PREVIEW_ITEMS,
  REPORT_LISTED,
  ROWS_PER_MESSAGE,
  inPieces,
  type DatasetDraft,
  type ImportRequest,
  type ImportResponse,
  type MappingPreview,
} from './importProtocol';
import { contentResponses } from './importContent';
import { WorkbenchError, type SerializedError } from '../core';

/**
 * Importer failures are WorkbenchErrors with their reason; anything else is a surprise, and a
 * RangeError means the browser had no room for the file's text or rows (a string or array over
 * its size limit, or memory), which the headline says.
 */
function serialize(error: unknown): SerializedError {
  if (error instanceof WorkbenchError) return error.toJSON();
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (error instanceof RangeError) {
    return {
      code: 'bad-input',
      message: 'The file is too large for this browser to read in memory. Split it into smaller files and import them one by one.',
      detail,
    };
  }
  return { code: 'internal', message: `The file could not be read: ${detail}`, detail };
}

/** The handler of one worker: `post` sends a response to the page, `workspace` is where `save` and a classifier or templates file write. */
export function createImportHandler(post: (message: ImportResponse) => void, workspace: Workspace): (request: ImportRequest) => Promise<void> {
  let kept: ParsedTable | null = null;

  async function parse(request: Extract<ImportRequest, { kind: 'file' | 'text' }>): Promise<ParsedTable> {
    if (request.kind === 'text') {
      post({ type: 'stage', stage: 'parsing' });
      return parsePastedText(request.text, request.options);
    }
    post({ type: 'stage', stage: 'reading' });
    const bytes = new Uint8Array(await request.file.arrayBuffer());
    post({ type: 'stage', stage: 'parsing' });
    return parseFeedbackFile({ name: request.name, bytes }, request.options);
  }

  function table(): ParsedTable {
    if (!kept) throw new WorkbenchError('internal', 'The import worker holds no table.');
    return kept;
  }

  function preview(mapping: ColumnMapping): MappingPreview {
    const { items, report } = toFeedbackItems(table(), mapping);
    return {
      count: items.length,
      first: items.slice(0, PREVIEW_ITEMS),
      report: { ...report, empty: report.empty.slice(0, REPORT_LISTED), duplicates: report.duplicates.slice(0, REPORT_LISTED) },
      emptyCount: report.empty.length,
      duplicateCount: report.duplicates.length,
    };
  }

  /** Writes the dataset here, so its rows are cloned into IndexedDB off the page's thread. */
  async function save(mapping: ColumnMapping, dataset: DatasetDraft): Promise<string> {
    const source = table();
    const { items, report } = toFeedbackItems(source, mapping);
    const record: DatasetRecord = {
      ...dataset,
      columns: source.columns,
      mapping: { ...mapping },
      rowCount: items.length,
      report: { ...report, parseWarnings: source.warnings },
    };
    await workspace.saveDataset(record, items);
    return record.id;
  }

  async function answer(id: number, work: () => unknown): Promise<void> {
    try {
      post({ type: 'answer', id, ok: true, result: await work() });
    } catch (error) {
      post({ type: 'answer', id, ok: false, error: serialize(error) });
    }
  }

  return async function handle(request: ImportRequest): Promise<void> {
    if (request.kind === 'preview') return answer(request.id, () => preview(request.mapping));
    if (request.kind === 'content') {
      try {
        for (const message of await contentResponses(request.id, request.job, workspace)) post(message);
      } catch (error) {
        post({ type: 'answer', id: request.id, ok: false, error: serialize(error) });
      }
      return;
    }
    if (request.kind === 'save') return answer(request.id, () => save(request.mapping, request.dataset));
    try {
      const parsed = await parse(request);
      const { rows, ...head } = parsed;
      if (request.mode === 'keep') {
        kept = parsed;
        post({ type: 'kept', head, rowCount: rows.length, guess: guessColumns(parsed) });
        return;
      }
      post({ type: 'table', head, rowCount: rows.length });
      for (const piece of inPieces(rows, ROWS_PER_MESSAGE)) post({ type: 'rows', rows: piece });
      post({ type: 'done' });
    } catch (error) {
      post({ type: 'error', error: serialize(error) });
    }
  };
}
