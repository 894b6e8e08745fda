/// <reference lib="webworker" />
/**
 * The table-import worker: reads one file (or pasted text) into a ParsedTable with the Insights
 * importer. Parsing a 50 MB CSV or a 100,000-row workbook takes seconds of pure CPU; here it
 * never blocks the page. In `stream` mode the rows go back in pieces and the page ends the
 * worker; in `keep` mode the table stays here for `preview` and `save` (see importProtocol.ts).
 * A cancel or the time limit terminates the worker, which is what stops a parse in the middle.
 */
import { guessColumns, parseFeedbackFile, parsePastedText, toFeedbackItems } from '../insights/import';
import type { ColumnMapping, ParsedTable } from '../insights/types';
import { getWorkspace, type DatasetRecord } from '../storage/workspace';
import {
  PREVIEW_ITEMS,
  REPORT_LISTED,
  ROWS_PER_MESSAGE,
  type DatasetDraft,
  type ImportRequest,
  type ImportResponse,
  type MappingPreview,
} from './importProtocol';
import { content } from './importContent';
import { WorkbenchError, type SerializedError } from '../core';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let kept: ParsedTable | null = null;

function post(message: ImportResponse): void {
  scope.postMessage(message);
}

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
  await getWorkspace().saveDataset(record, items);
  return record.id;
}

async function answer(id: number, work: () => unknown): Promise<void> {
  try {
    post({ type: 'answer', id, ok: true, result: await work() });
  } catch (error) {
    post({ type: 'answer', id, ok: false, error: serialize(error) });
  }
}

scope.onmessage = async (event: MessageEvent<ImportRequest>) => {
  const request = event.data;
  if (request.kind === 'preview') return answer(request.id, () => preview(request.mapping));
  if (request.kind === 'content') return answer(request.id, () => content(request.job));
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
    for (let start = 0; start < rows.length; start += ROWS_PER_MESSAGE) {
      post({ type: 'rows', rows: rows.slice(start, start + ROWS_PER_MESSAGE) });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', error: serialize(error) });
  }
};
