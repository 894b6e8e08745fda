/**
 * Sentence splitting for chunking long inputs. Rule-based on purpose: it runs in the UI thread on
 * whatever the user pastes, must be fast and predictable, and only needs to find good places to
 * cut, not perfect linguistic sentences. When in doubt it does NOT split: an over-long "sentence"
 * is later split at word boundaries by the chunker, while a wrong split would cut a phrase such
 * as "e.g. the U.S. office" in the middle.
 */

/** What follows a sentence: another sentence on the same line, a line break, or a blank line. */
export type SentenceBreak = 'sentence' | 'line' | 'paragraph';

export interface SentenceSpan {
  /** The sentence, trimmed; always equal to `source.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** The end of the text counts as a paragraph break. */
  breakAfter: SentenceBreak;
}

/** Full-width terminators end a sentence without any following space (Chinese, Japanese). */
const CJK_TERMINATORS = new Set(['。', '！', '？', '；', '．', '｡']);
const LATIN_TERMINATORS = new Set(['.', '!', '?', '…']);
/** Closing quotes and brackets belong to the sentence they close. */
const CLOSERS = new Set(['"', "'", '”', '’', ')', ']', '}', '»', '」', '』', '）', '】', '》', '〉', '〕']);
const OPENERS = /^["'“‘([{«「『（【《]+/u;

/** Never end a sentence: titles and abbreviations that are followed by more of the sentence. */
const NEVER_FINAL = new Set([
  'mr',
  'mrs',
  'ms',
  'mx',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'rev',
  'gen',
  'col',
  'capt',
  'lt',
  'sgt',
  'hon',
  'vs',
  'cf',
  'fig',
  'figs',
  'no',
  'nos',
  'vol',
  'pp',
  'approx',
  'dept',
  'est',
  'ca',
  'viz',
  'al',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
]);
/** Can end a sentence; treated as a boundary only when the next word starts with a capital. */
const SOMETIMES_FINAL = new Set(['etc', 'inc', 'ltd', 'co', 'corp', 'llc', 'plc', 'bros']);

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
/** "e.g", "i.e", "U.S", "a.m", "Ph.D": letters separated by dots (the final dot is the terminator). */
const INITIALISM = /^(?:\p{L}{1,3}\.)+\p{L}{1,3}$/u;
const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/g;
/** Any terminator, to jump from one candidate sentence end to the next instead of testing every character. */
const TERMINATOR = /[.!?…。！？；．｡]/g;

export function isCjkChar(ch: string | undefined): boolean {
  return ch !== undefined && CJK_CHAR.test(ch);
}

/** Exactly the characters of the regular expression `\s` (white space and line terminators). */
export function isSpaceCode(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && isSpaceCode(ch.charCodeAt(0));
}

/** Whether text[from..to) is empty or white space only (stops at the first other character). */
function isBlank(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isSpaceCode(text.charCodeAt(k))) return false;
  return true;
}

function isTerminator(ch: string): boolean {
  return CJK_TERMINATORS.has(ch) || LATIN_TERMINATORS.has(ch);
}

/**
 * Splits text into sentences with their character offsets in `text`. Line breaks are hard
 * boundaries (lists, chat transcripts and headings have no final punctuation); a blank line marks
 * a paragraph break, which the chunker prefers as a cut point.
 *
 * Linear in the length of the text (10 MB in a fraction of a second): it jumps from terminator to
 * terminator, and looks back no further than the word before a full stop.
 */
export function splitSentences(text: string): SentenceSpan[] {
  const out: SentenceSpan[] = [];
  const breaks = new RegExp(LINE_BREAK.source, 'g');
  const terminators = new TerminatorCursor(text);
  let lineStart = 0;
  let match = breaks.exec(text);
  for (;;) {
    const lineEnd = match ? match.index : text.length;
    const nextStart = match ? match.index + match[0].length : text.length;
    const isLast = !match;
    match = isLast ? null : breaks.exec(text);
    const before = out.length;
    splitLine(text, lineStart, lineEnd, terminators, out);
    if (out.length > before) {
      // The next line decides the kind of break: none or blank means a paragraph.
      const nextEnd = match ? match.index : text.length;
      const kind: SentenceBreak = isLast || isBlank(text, nextStart, nextEnd) ? 'paragraph' : 'line';
      (out[out.length - 1] as SentenceSpan).breakAfter = kind;
    }
    if (isLast) break;
    lineStart = nextStart;
  }
  return out;
}

/** The first terminator at or after a position; remembers its last answer so text is searched once. */
class TerminatorCursor {
  private from = -1;
  private at = -1;
  private readonly pattern = new RegExp(TERMINATOR.source, 'g');

  constructor(private readonly text: string) {}

  next(position: number): number {
    if (this.from >= 0 && this.from <= position && this.at >= position) return this.at;
    this.pattern.lastIndex = position;
    const found = this.pattern.exec(this.text);
    this.from = position;
    this.at = found ? found.index : Number.POSITIVE_INFINITY;
    return this.at;
  }
}

function splitLine(text: string, lineStart: number, lineEnd: number, terminators: TerminatorCursor, spans: SentenceSpan[]): void {
  const emit = (from: number, to: number) => {
    while (from < to && isSpaceCode(text.charCodeAt(from))) from++;
    while (to > from && isSpaceCode(text.charCodeAt(to - 1))) to--;
    if (to > from) spans.push({ text: text.slice(from, to), start: from, end: to, breakAfter: 'sentence' });
  };

  let segmentStart = lineStart;
  let i = lineStart;
  for (;;) {
    i = terminators.next(i);
    if (i >= lineEnd) break;
    // A run like "?!", "..." or "。」" ends (or does not end) the sentence as a whole.
    let j = i;
    while (j < lineEnd && isTerminator(text[j] as string)) j++;
    const runEnd = j;
    while (j < lineEnd && CLOSERS.has(text[j] as string)) j++;
    if (endsSentence(text, lineStart, lineEnd, i, runEnd, j)) {
      emit(segmentStart, j);
      segmentStart = j;
    }
    i = j;
  }
  emit(segmentStart, lineEnd);
}

/** `runStart..runEnd` is the terminator run, `after` the index after any closing quotes. */
function endsSentence(text: string, lineStart: number, lineEnd: number, runStart: number, runEnd: number, after: number): boolean {
  const run = text.slice(runStart, runEnd);
  if ([...run].some((ch) => CJK_TERMINATORS.has(ch))) return true;
  if (after >= lineEnd) return true;

  const next = text[after];
  // Latin punctuation needs a space after it ("3.14", "example.com", "a.m." are not ends),
  // except right before CJK text, which has no spaces ("好的!谢谢").
  if (!isSpace(next) && !isCjkChar(next)) return false;
  const nextWordChar = firstNonSpace(text, after, lineEnd);

  const isEllipsis = /^(?:\.{2,}|…+)$/u.test(run);
  // "Wait... what" and quoted speech ("Why?" she asked) continue in lower case.
  if ((isEllipsis || after > runEnd) && nextWordChar !== undefined && /\p{Ll}/u.test(nextWordChar)) return false;
  if (run !== '.') return true;

  let wordStart = runStart;
  while (wordStart > lineStart && !isSpace(text[wordStart - 1])) wordStart--;
  const word = text.slice(wordStart, runStart).replace(OPENERS, '');
  if (word === '') return true;
  const lower = word.toLowerCase();
  if (NEVER_FINAL.has(lower)) return false;
  if (/^\p{Lu}$/u.test(word)) return false; // an initial: "J. R. R. Tolkien"
  if (INITIALISM.test(word)) return false;
  // "1. Install" at the start of a line is list numbering, not a one-word sentence.
  if (/^\d{1,3}$/u.test(word) && isBlank(text, lineStart, wordStart)) return false;
  if (SOMETIMES_FINAL.has(lower)) return nextWordChar !== undefined && /\p{Lu}/u.test(nextWordChar);
  return true;
}

function firstNonSpace(text: string, from: number, to: number): string | undefined {
  for (let k = from; k < to; k++) if (!isSpace(text[k])) return text[k];
  return undefined;
}
