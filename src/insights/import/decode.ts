/**
 * Bytes → text for the text formats (CSV, TSV, JSON, JSONL, plain text).
 *
 * Encoding policy (the choice the brief asked us to make and document):
 * - UTF-8 with or without BOM is the expected input; the BOM is dropped.
 * - UTF-16 with a BOM (Excel's "Unicode text" export) is decoded as UTF-16.
 * - NUL bytes or many control characters mean a binary file: rejected, whatever its name.
 * - Invalid UTF-8: when it is rare (at most one bad sequence per 1,000 characters) the text is
 *   decoded lossily (bad bytes become U+FFFD) and a warning says how many were replaced, so one
 *   stray Windows-1252 "é" does not block a 50,000-row import. When it is common the file is in
 *   another encoding (Windows-1252, GBK...) and guessing would garble every row, so it is rejected
 *   with a message saying how to re-save it. `lossyUtf8: 'never' | 'always'` overrides the rule.
 */
import { reason, refusal, type ReasonParam } from '../../core';

export type LossyUtf8Policy = 'auto' | 'never' | 'always';

export interface DecodedText {
  text: string;
  warnings: string[];
}

/** How much of the file the binary check looks at: enough to see a header, cheap on 100 MB. */
const SNIFF_BYTES = 64 * 1024;
/** Above this share of control characters a "text" file is really binary. */
const MAX_CONTROL_SHARE = 0.05;
/** Lossy decoding is allowed up to one bad sequence per this many characters. */
const LOSSY_CHARS_PER_ERROR = 1000;

/** True when the bytes look like a binary file rather than text in any common encoding. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC appear in real text exports; the other C0 codes do not.
    if (b < 32 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return end > 0 && control / end > MAX_CONTROL_SHARE;
}

function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\uFFFD'); i !== -1; i = text.indexOf('\uFFFD', i + 1)) count++;
  return count;
}

/** 1-based line number of a character offset. */
export function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The name parsers give pasted text instead of a file name. */
export const PASTED_TEXT_NAME = 'The pasted text';

/** A file name as a reason's parameter: pasted text is named in the UI's language. */
export function fileParam(fileName: string): ReasonParam {
  return fileName === PASTED_TEXT_NAME ? reason('pastedText') : fileName;
}

/** Decodes a text file; throws `WorkbenchError('bad-input')` for empty, binary or non-UTF-8 files. */
export function decodeText(bytes: Uint8Array, fileName: string, policy: LossyUtf8Policy = 'auto'): DecodedText {
  if (bytes.length === 0) throw refusal(reason('fileEmpty', { file: fileParam(fileName) }));
  const utf16 = utf16Encoding(bytes);
  if (utf16) {
    const text = stripBom(new TextDecoder(utf16).decode(bytes));
    return { text: nonEmpty(text, fileName), warnings: [] };
  }
  if (looksBinary(bytes)) {
    throw refusal(reason('fileBinary', { file: fileParam(fileName) }));
  }
  try {
    // fatal: an invalid byte throws instead of silently becoming U+FFFD. The BOM is dropped.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: nonEmpty(stripBom(text), fileName), warnings: [] };
  } catch {
    const text = stripBom(new TextDecoder('utf-8').decode(bytes));
    const bad = countReplacements(text);
    const firstLine = lineOfOffset(text, text.indexOf('\uFFFD'));
    const rare = bad <= Math.max(1, Math.floor(text.length / LOSSY_CHARS_PER_ERROR));
    if (policy === 'always' || (policy === 'auto' && rare)) {
      const s = bad === 1 ? '' : 's';
      return {
        text: nonEmpty(text, fileName),
        warnings: [
          `${bad} invalid UTF-8 byte sequence${s} (first on line ${firstLine}) could not be read and ${bad === 1 ? 'was' : 'were'} replaced with "\uFFFD".`,
        ],
      };
    }
    throw refusal(reason('fileNotUtf8', { file: fileParam(fileName), count: bad, line: firstLine }));
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function nonEmpty(text: string, fileName: string): string {
  if (text.trim() === '') throw refusal(reason('fileEmpty', { file: fileParam(fileName) }));
  return text;
}
