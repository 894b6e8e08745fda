/**
 * XLSX through read-excel-file (maintained, no Node built-ins in its "universal" build, so the
 * same code runs in the browser, in a worker and in Node tests). The abandoned `xlsx` 0.18 from
 * npm is deliberately not used. The first sheet with data is read; other sheets are named in a warning.
 */
import { unzipSync, zipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/universal';
import { reason, refusal, WorkbenchError } from '../../core';
import { buildTable, type TableParts } from './table';

export interface XlsxResult extends TableParts {
  sheet: string;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Dates become ISO days (or ISO timestamps when they carry a time); read-excel-file returns them in UTC. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return '';
    const day = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const midnight = value.getUTCHours() === 0 && value.getUTCMinutes() === 0 && value.getUTCSeconds() === 0;
    return midnight ? day : value.toISOString();
  }
  return String(value);
}

/**
 * What an .xlsx may hold once inflated. A workbook of 100,000 rows is about 30 MB of XML; a few
 * hundred bytes of a hostile archive can claim gigabytes (a "zip bomb"), refused before inflating.
 */
export const XLSX_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/**
 * read-excel-file unzips with fflate's async `unzip`, which inflates every entry of 512 KB or more
 * in a worker it creates from a `blob:` URL. The app's CSP (worker-src 'self') blocks that worker
 * and the import waited forever (issue 11: 5,000 rows hung, 1,000 worked). So the archive is
 * inflated here with fflate's synchronous API (this runs in the import worker, off the page's
 * thread) and handed to the library re-packed without compression: its unzip then only slices
 * stored entries and never starts a worker.
 */
function inflateInPlace(bytes: Uint8Array, fileName: string): Uint8Array {
  let claimed = 0;
  // Only the XML parts, as read-excel-file's own filter does; images and other media are skipped.
  const entries = unzipSync(bytes, {
    filter: (file) => {
      const wanted = file.name.endsWith('.xml') || file.name.endsWith('.xml.rels');
      if (wanted) claimed += file.originalSize;
      if (claimed > XLSX_MAX_INFLATED_BYTES) {
        throw refusal(reason('xlsxTooLarge', { file: fileName, limit: XLSX_MAX_INFLATED_BYTES / 1024 / 1024 }));
      }
      return wanted;
    },
  });
  return zipSync(entries, { level: 0 });
}

export async function parseXlsx(bytes: Uint8Array, fileName: string): Promise<XlsxResult> {
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    const stored = inflateInPlace(bytes, fileName);
    sheets = await readXlsxFile(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength) as ArrayBuffer);
  } catch (cause) {
    if (cause instanceof WorkbenchError) throw cause;
    throw refusal(reason('xlsxUnreadable', { file: fileName }), { detail: String(cause) });
  }
  const hasData = (data: unknown[][]) => data.some((row) => row.some((cell) => cell !== null && cell !== undefined && cell !== ''));
  const chosen = sheets.find((sheet) => hasData(sheet.data));
  if (!chosen) throw refusal(reason('xlsxNoData', { file: fileName }));
  const table = buildTable(
    chosen.data.map((row) => row.map(cellText)),
    'auto',
  );
  const others = sheets.filter((sheet) => sheet !== chosen && hasData(sheet.data)).map((sheet) => `"${sheet.sheet}"`);
  const warnings = others.length > 0 ? [`Read the sheet "${chosen.sheet}"; the other sheets (${others.join(', ')}) were not imported.`] : [];
  return { ...table, warnings: [...warnings, ...table.warnings], sheet: chosen.sheet };
}
