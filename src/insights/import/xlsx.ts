/**
 * XLSX through read-excel-file (maintained, no Node built-ins in its "universal" build, so the
 * same code runs in the browser, in a worker and in Node tests). The abandoned `xlsx` 0.18 from
 * npm is deliberately not used. The first sheet with data is read; other sheets are named in a warning.
 */
import readXlsxFile from 'read-excel-file/universal';
import { WorkbenchError } from '../../workers/protocol';
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

export async function parseXlsx(bytes: Uint8Array, fileName: string): Promise<XlsxResult> {
  let sheets: Array<{ sheet: string; data: unknown[][] }>;
  try {
    // A copy, so the library gets a plain ArrayBuffer of exactly these bytes.
    sheets = await readXlsxFile(new Uint8Array(bytes).buffer);
  } catch (cause) {
    throw new WorkbenchError(
      'bad-input',
      `"${fileName}" could not be read as an Excel workbook (.xlsx). It may be damaged, password-protected or another kind of file.`,
      String(cause),
    );
  }
  const hasData = (data: unknown[][]) => data.some((row) => row.some((cell) => cell !== null && cell !== undefined && cell !== ''));
  const chosen = sheets.find((sheet) => hasData(sheet.data));
  if (!chosen) throw new WorkbenchError('bad-input', `"${fileName}" has no data in any sheet.`);
  const table = buildTable(chosen.data.map((row) => row.map(cellText)), 'auto');
  const others = sheets.filter((sheet) => sheet !== chosen && hasData(sheet.data)).map((sheet) => `"${sheet.sheet}"`);
  const warnings = others.length > 0 ? [`Read the sheet "${chosen.sheet}"; the other sheets (${others.join(', ')}) were not imported.`] : [];
  return { ...table, warnings: [...warnings, ...table.warnings], sheet: chosen.sheet };
}
