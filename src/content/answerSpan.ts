/**
 * Where an extractive QA model's answer sits in its context: the one span locator, used by the
 * engine's `answer` and by the Ask app.
 *
 * The QA pipeline returns the answer decoded from tokens, not the context's characters: an
 * uncased tokenizer lower-cases and strips accents ("cafe" for "Café"), and decoding puts spaces
 * around punctuation ("covid - 19" for "COVID-19") and between CJK characters ("北 京"). Both sides
 * are therefore folded the same way (compatibility decomposition, marks dropped, lower-cased,
 * whitespace dropped) and matched there; an offset map takes the match back to the context's own
 * code units, so lower-casing that changes the length ("İ" → "i̇") never shifts the span.
 */

export interface AnswerSpan {
  /** [start, end) in UTF-16 code units of the context; `context.slice(start, end)` is the answer. */
  start: number;
  end: number;
}

export interface LocateOptions {
  /**
   * Roughly where the model pointed (an offset in the context), to choose between repeated
   * occurrences. Without it, a verbatim occurrence is preferred, then the first one.
   */
  near?: number;
}

interface Folded {
  text: string;
  /** For each code unit of `text`, the [start, end) of the context character it came from. */
  starts: number[];
  ends: number[];
}

function fold(source: string): Folded {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let offset = 0;
  for (const char of source) {
    const next = offset + char.length;
    if (!/\s/u.test(char)) {
      // One context character may fold to several (e.g. "ﬁ" → "fi", "İ" → "i"): each maps to it.
      const folded = char
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/\s+/gu, '');
      for (let i = 0; i < folded.length; i++) {
        starts.push(offset);
        ends.push(next);
      }
      text += folded;
    }
    offset = next;
  }
  return { text, starts, ends };
}

function foldedText(source: string): string {
  return fold(source).text;
}

/**
 * The span of `context` that reads as `answer` (ignoring case, accents and spacing), or null when
 * there is none. Among several occurrences: the one nearest `near`, else a verbatim one, else the
 * first.
 */
export function locateAnswerSpan(context: string, answer: string, options: LocateOptions = {}): AnswerSpan | null {
  const needle = foldedText(answer);
  if (needle === '') return null;
  const hay = fold(context);
  const found: AnswerSpan[] = [];
  for (let at = hay.text.indexOf(needle); at >= 0; at = hay.text.indexOf(needle, at + 1)) {
    // A match that starts or ends inside a folded character (e.g. only "f" of "ﬁ") is no span.
    const last = at + needle.length - 1;
    if ((at > 0 && hay.starts[at - 1] === hay.starts[at]) || hay.starts[last + 1] === hay.starts[last]) continue;
    found.push({ start: hay.starts[at] as number, end: hay.ends[last] as number });
  }
  if (found.length === 0) return null;
  const { near } = options;
  if (near !== undefined && Number.isFinite(near)) {
    return found.reduce((best, span) => (Math.abs(span.start - near) < Math.abs(best.start - near) ? span : best));
  }
  const verbatim = answer.trim();
  return found.find((span) => context.slice(span.start, span.end) === verbatim) ?? (found[0] as AnswerSpan);
}

/** True when `context`'s [start, end) reads as `answer` (ignoring case, accents and spacing). */
export function spanMatches(context: string, start: number, end: number, answer: string): boolean {
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= context.length)) return false;
  const folded = foldedText(answer);
  return folded !== '' && foldedText(context.slice(start, end)) === folded;
}

/**
 * The SDK's answer for a QA model's decoded output: the context's own text at the located span,
 * or the decoded text with start = end = -1 when it occurs nowhere in the context (e.g. the
 * tokenizer dropped an unknown character).
 */
export function answerFromContext(context: string, decoded: string, options: LocateOptions = {}): { answer: string; start: number; end: number } {
  const span = locateAnswerSpan(context, decoded, options);
  return span ? { answer: context.slice(span.start, span.end), ...span } : { answer: decoded, start: -1, end: -1 };
}
