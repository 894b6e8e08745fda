/// <reference lib="webworker" />
/**
 * The table-import worker: reads one file (or pasted text) into a ParsedTable with the Insights
 * importer. Parsing a 50 MB CSV or a 100,000-row workbook takes seconds of pure CPU; here it
 * never blocks the page. In `stream` mode the rows go back in pieces and the page ends the
 * worker; in `keep` mode the table stays here for `preview` and `save` (see importProtocol.ts).
 * A cancel or the time limit terminates the worker, which is what stops a parse in the middle.
 */
import { getWorkspace } from '../storage/workspace';
import { createImportHandler } from './importHandler';
import type { ImportRequest } from './importProtocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const handle = createImportHandler((message) => scope.postMessage(message), getWorkspace());

scope.onmessage = (event: MessageEvent<ImportRequest>) => handle(event.data);
