/** Reads a picked file into a table with the Insights importer (CSV, TSV, JSON, JSONL, XLSX, text). */
import { parseFeedbackFile } from '../../insights/import';
import type { ParsedTable } from '../../insights/types';

export interface ImportedTable {
  fileName: string;
  table: ParsedTable;
}

export async function readTableFile(file: File): Promise<ImportedTable> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { fileName: file.name, table: await parseFeedbackFile({ name: file.name, bytes }) };
}
