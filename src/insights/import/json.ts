/**
 * JSON (an array of objects, or an object holding one, e.g. {"rows": [...]}) and JSON Lines.
 * Syntax errors name the line and column: V8, SpiderMonkey and JavaScriptCore word and position
 * JSON.parse errors differently, so on failure our own scanner finds where the text goes wrong.
 */
import { reason, refusal, type Reason, type ReasonParam } from '../../core';
import { fileParam } from './decode';
import { uniqueColumnNames, type TableParts } from './table';

/** Where and why JSON text is invalid; null when it is valid. Linear, iterative (deep nesting cannot overflow the stack). */
export function findJsonError(text: string): { offset: number; expected: ReasonParam } | null {
  let i = 0;
  const n = text.length;
  const stack: string[] = [];
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (expected: ReasonParam) => ({ offset: i, expected });
  const string = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const key = () => {
    ws();
    if (text[i] !== '"') return fail(reason('jsonExpectPropertyName'));
    if (!string()) return fail(reason('jsonExpectStringEnd'));
    ws();
    if (text[i] !== ':') return fail('":"');
    i++;
    return null;
  };
  for (;;) {
    // Expecting a value.
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      i++;
      ws();
      if (text[i] === (c === '{' ? '}' : ']')) i++;
      else {
        stack.push(c);
        if (c === '{') {
          const error = key();
          if (error) return error;
        }
        continue;
      }
    } else if (c === '"') {
      if (!string()) return fail(reason('jsonExpectStringEnd'));
    } else if (c !== undefined && /[-0-9]/.test(c)) {
      const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match) return fail(reason('jsonExpectNumber'));
      i += match[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (!literal) return fail(reason('jsonExpectValue'));
      i += literal.length;
    }
    // After a value: close containers or continue with the next element.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? fail(reason('jsonExpectDataEnd')) : null;
      if (text[i] === ',') {
        i++;
        if (top === '{') {
          const error = key();
          if (error) return error;
        }
        break;
      }
      if (text[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
        continue;
      }
      return fail(top === '{' ? '"," or "}"' : '"," or "]"');
    }
  }
}

/** "line 3, column 14: expected ... but found ..." for an error offset. */
function describeError(text: string, error: { offset: number; expected: ReasonParam }): Reason {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < error.offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const found = error.offset >= text.length ? reason('jsonFoundEnd') : JSON.stringify(text.slice(error.offset, error.offset + 12));
  const column = error.offset - lineStart + 1;
  // A JSON Lines record is one line: its line number is already in the message.
  return text.includes('\n')
    ? reason('jsonWhereLineColumn', { line, column, expected: error.expected, found })
    : reason('jsonWhereColumn', { column, expected: error.expected, found });
}

function parseOrExplain(text: string, what: Reason): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const error = findJsonError(text);
    const where = error ? describeError(text, error) : String(cause);
    throw refusal(reason('jsonInvalid', { what, where }), { detail: String(cause) });
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Objects (or bare strings/numbers, read as a "text" column) → table parts; columns in first-seen order. */
function recordsToTable(records: readonly unknown[], describe: (index: number) => Reason): TableParts {
  const keys = new Map<string, number>();
  const objects: Array<Record<string, unknown>> = new Array(records.length);
  records.forEach((record, index) => {
    if (Array.isArray(record)) throw refusal(reason('jsonItemIsList', { what: describe(index) }));
    const object = record !== null && typeof record === 'object' ? (record as Record<string, unknown>) : { text: record };
    for (const key of Object.keys(object)) if (!keys.has(key)) keys.set(key, keys.size);
    objects[index] = object;
  });
  const original = [...keys.keys()];
  const columns = uniqueColumnNames(original);
  const rows = objects.map((object) => {
    const row: Record<string, string> = {};
    original.forEach((key, c) => (row[columns[c]!] = cellText(object[key])));
    return row;
  });
  return { columns, rows, warnings: [] };
}

/** A JSON array, or an object with the rows in `rows` (or its only array of objects, e.g. `data`). */
export function parseJsonTable(text: string, fileName: string): TableParts {
  const value = parseOrExplain(text, reason('jsonWhat', { file: fileParam(fileName) }));
  const warnings: string[] = [];
  let records: unknown[];
  if (Array.isArray(value)) records = value;
  else if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.rows)) records = object.rows;
    else {
      const key = Object.keys(object).find((k) => Array.isArray(object[k]) && (object[k] as unknown[]).some((v) => v !== null && typeof v === 'object'));
      if (key) {
        records = object[key] as unknown[];
        warnings.push(`Read the rows from the "${key}" field.`);
      } else records = [object];
    }
  } else {
    throw refusal(reason('jsonSingleValue', { file: fileParam(fileName), type: typeof value }));
  }
  const table = recordsToTable(records, (i) => reason('jsonWhatItem', { item: i + 1 }));
  return { ...table, warnings };
}

/** JSON Lines: one object per line; blank lines are skipped; a bad line is an error naming it. */
export function parseJsonLines(text: string, fileName: string): TableParts {
  const records: unknown[] = [];
  const lineNumbers: number[] = [];
  let lineNumber = 0;
  for (let start = 0; start <= text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    records.push(parseOrExplain(line, reason('jsonWhatLine', { line: lineNumber, file: fileParam(fileName) })));
    lineNumbers.push(lineNumber);
  }
  return recordsToTable(records, (i) => reason('jsonWhatLine', { line: lineNumbers[i]!, file: fileParam(fileName) }));
}
