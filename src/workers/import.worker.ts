/// <reference lib="webworker" />
/**
 * The table-import worker: reads one file (or pasted text) into a ParsedTable with the Insights
 * importer and posts it back in pieces. Parsing a 50 MB CSV or a 100,000-row workbook takes
 * seconds of pure CPU; here it never blocks the page. The worker serves one request and is then
 * terminated by the page, which is also how a cancel or the time limit stops it.
 */
import { parseFeedbackFile, parsePastedText } from '../insights/import';
import type { ParsedTable } from '../insights/types';
import { ROWS_PER_MESSAGE, type ImportRequest, type ImportResponse } from './importProtocol';
import { WorkbenchError, type SerializedError } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(message: ImportResponse): void {
  scope.postMessage(message);
}

async function parse(request: ImportRequest): Promise<ParsedTable> {
  if (request.kind === 'text') {
    post({ type: 'stage', stage: 'parsing' });
    return parsePastedText(request.text, request.options);
  }
  post({ type: 'stage', stage: 'reading' });
  const bytes = new Uint8Array(await request.file.arrayBuffer());
  post({ type: 'stage', stage: 'parsing' });
  return parseFeedbackFile({ name: request.name, bytes }, request.options);
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
    return { code: 'bad-input', message: 'The file is too large for this browser to read in memory. Split it into smaller files and import them one by one.', detail };
  }
  return { code: 'internal', message: `The file could not be read: ${detail}`, detail };
}

scope.onmessage = async (event: MessageEvent<ImportRequest>) => {
  try {
    const { rows, ...head } = await parse(event.data);
    post({ type: 'table', head, rowCount: rows.length });
    for (let start = 0; start < rows.length; start += ROWS_PER_MESSAGE) {
      post({ type: 'rows', rows: rows.slice(start, start + ROWS_PER_MESSAGE) });
    }
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'error', error: serialize(error) });
  }
};
