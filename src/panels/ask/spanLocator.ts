/**
 * Finds the QA model's answer in its passage when the text it returns is not a verbatim slice.
 * Extractive QA pipelines return the answer decoded from tokens, not the passage's characters:
 * an uncased model gives "covid - 19 is closely related" for "COVID-19 is closely related",
 * accents may be stripped, spaces appear around punctuation. Matching ignores case, accents and
 * whitespace, then maps back to the passage's own offsets, so the highlight and the shown answer
 * are the user's text exactly.
 */
import { locateAnswer } from '../../content/answering';

interface Folded {
  /** Lower-cased, accent-free, whitespace-free characters. */
  text: string;
  /** For each character of `text`, its start and end offsets in the original string. */
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
      // NFD splits "é" into "e" + a combining accent, which is dropped; lower-casing may give
      // several characters (e.g. "İ"), each mapped to the same original character.
      for (const piece of char.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase()) {
        text += piece;
        starts.push(offset);
        ends.push(next);
      }
    }
    offset = next;
  }
  return { text, starts, ends };
}

/** Offsets of `answer` in `passage`: verbatim, then ignoring case, then loosely; null if absent. */
export function locateSpan(passage: string, answer: string): { start: number; end: number } | null {
  const exact = locateAnswer(passage, answer);
  if (exact) return exact;
  const needle = fold(answer).text;
  if (needle === '') return null;
  const hay = fold(passage);
  const at = hay.text.indexOf(needle);
  if (at < 0) return null;
  return { start: hay.starts[at] as number, end: hay.ends[at + needle.length - 1] as number };
}

/** True when the passage's [start, end) reads as `answer` (ignoring case, accents and spacing). */
export function spanMatches(passage: string, start: number, end: number, answer: string): boolean {
  if (!(start >= 0 && end > start && end <= passage.length)) return false;
  return fold(passage.slice(start, end)).text === fold(answer).text;
}
