/**
 * What the Summarize app can read from a file: plain text and Markdown as they are, one column of
 * a CSV (each row a paragraph), and support conversations in JSONL or JSON (records with a `text`
 * field, like TweetSumm; `abstractive_summaries` / `summaries` / `summary`, when present, become
 * the reference summaries for ROUGE). Pure: the panel reads the file, this decides what it means.
 */
import { parseCsvRecords, type CsvRecord } from '../../content/csvRecords';
import { reason, refusal } from '../../core';

export interface Conversation {
  /** The record's id field, or its 1-based position. */
  id: string;
  text: string;
  /** Reference summaries shipped with the record; empty when there are none. */
  summaries: string[];
}

export type ImportedSource =
  | { kind: 'text'; fileName: string; text: string }
  | { kind: 'csv'; fileName: string; columns: string[]; rows: CsvRecord[]; suggestedColumn: string }
  | { kind: 'conversations'; fileName: string; conversations: Conversation[] };

/** A conversation file larger than this many records is cut, and the cut is reported. */
const MAX_CONVERSATIONS = 5000;

function extensionOf(fileName: string): string {
  return /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
}

/**
 * TweetSumm turns look like "\tCustomer:\tMy phone…": tabs around the speaker. Each turn becomes
 * one line "Customer: My phone…", so sentences end at turn boundaries and the text reads normally.
 */
export function normalizeConversation(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/\t+/g, ' ').replace(/ {2,}/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value.trim()];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
  return [];
}

function toConversation(raw: unknown, position: number): Conversation | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const record = raw as Record<string, unknown>;
  const text = typeof record.text === 'string' ? normalizeConversation(record.text) : '';
  if (text === '') return null;
  const idField = record.dialog_id ?? record.id;
  const id = typeof idField === 'string' || typeof idField === 'number' ? String(idField) : String(position);
  const summaries = [...stringList(record.abstractive_summaries), ...stringList(record.summaries), ...stringList(record.summary)];
  return { id, text, summaries };
}

function conversationsFrom(records: unknown[], fileName: string): ImportedSource {
  const conversations: Conversation[] = [];
  records.slice(0, MAX_CONVERSATIONS).forEach((raw, i) => {
    const conversation = toConversation(raw, i + 1);
    if (conversation) conversations.push(conversation);
  });
  if (conversations.length === 0) {
    throw refusal(reason('importNoTextRecords', { file: fileName }));
  }
  return { kind: 'conversations', fileName, conversations };
}

function parseJsonLines(content: string, fileName: string): unknown[] {
  const records: unknown[] = [];
  content.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      records.push(JSON.parse(line));
    } catch (error) {
      throw refusal(reason('importLineNotJson', { line: i + 1, file: fileName }), { detail: String(error) });
    }
  });
  return records;
}

/** The column whose non-empty cells are longest on average: usually the one with the text. */
function longestColumn(columns: string[], rows: readonly CsvRecord[]): string {
  let best = columns[0] ?? '';
  let bestAverage = -1;
  for (const column of columns) {
    let total = 0;
    let filled = 0;
    for (const row of rows.slice(0, 200)) {
      const cell = row[column]?.trim() ?? '';
      if (cell === '') continue;
      total += cell.length;
      filled++;
    }
    const average = filled === 0 ? 0 : total / filled;
    if (average > bestAverage) {
      best = column;
      bestAverage = average;
    }
  }
  return best;
}

function parseCsv(content: string, fileName: string, delimiter?: string): ImportedSource {
  const parsed = parseCsvRecords(content, { delimiter });
  const { quoteError } = parsed;
  if (quoteError) {
    throw refusal(reason('csvMalformedNear', { file: fileName, row: quoteError.line }), { detail: quoteError.message });
  }
  const columns = parsed.fields.filter((c) => c !== '');
  if (columns.length === 0 || parsed.rows.length === 0) throw refusal(reason('importNoRows', { file: fileName }));
  return { kind: 'csv', fileName, columns, rows: parsed.rows, suggestedColumn: longestColumn(columns, parsed.rows) };
}

/** Decides what an imported file holds, by its extension (and content for .json). */
export function readImport(fileName: string, rawContent: string): ImportedSource {
  const content = rawContent.replace(/^\uFEFF/, '');
  if (content.trim() === '') throw refusal(reason('importEmpty', { file: fileName }));
  switch (extensionOf(fileName)) {
    case 'csv':
      return parseCsv(content, fileName);
    case 'tsv':
      return parseCsv(content, fileName, '\t');
    case 'jsonl':
    case 'ndjson':
      return conversationsFrom(parseJsonLines(content, fileName), fileName);
    case 'json': {
      let data: unknown;
      try {
        data = JSON.parse(content);
      } catch (error) {
        throw refusal(reason('importNotJson', { file: fileName }), { detail: String(error) });
      }
      return conversationsFrom(Array.isArray(data) ? data : [data], fileName);
    }
    default:
      // .txt, .md and anything else textual: summarised as written.
      return { kind: 'text', fileName, text: content.replace(/\r\n?/g, '\n') };
  }
}

/** One CSV column as text: each non-empty cell a paragraph. */
export function csvColumnText(rows: readonly CsvRecord[], column: string): string {
  return rows
    .map((row) => row[column]?.replace(/\r\n?/g, '\n').trim() ?? '')
    .filter((cell) => cell !== '')
    .join('\n\n');
}

/** Several conversations as one text, a blank line between them (a paragraph break for chunking). */
export function joinConversations(conversations: readonly Conversation[]): string {
  return conversations.map((c) => c.text).join('\n\n');
}

/**
 * References for ROUGE as the user types them: several are separated by a blank line, so a
 * multi-sentence single reference stays whole as long as it has no empty line.
 */
export function splitReferences(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}
