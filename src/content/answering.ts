/**
 * Choosing the answer for the Ask app, and splitting a passage into plain-text segments for
 * highlighting. Segments are rendered as React text nodes: passages come from the user's files and
 * must never be injected as HTML.
 */
import { WorkbenchError } from '../core';

export interface AnswerCandidate {
  passageId: string;
  answer: string;
  /** The QA model's confidence (start × end probability) in [0, 1]. */
  score: number;
  /** Offsets of the answer in the passage text; -1 when unknown. */
  start: number;
  end: number;
}

/** A retrieved passage with its similarity to the question. */
export interface RankedPassage {
  id: string;
  score: number;
}

export type AnswerPick<P extends RankedPassage> =
  | { kind: 'answer'; best: AnswerCandidate; source: P }
  | {
      /**
       * No span is confident enough, but a passage matches the question so closely that it is
       * the answer: it is shown as such, with the weak span (if any) marked as a guess.
       */
      kind: 'passage';
      source: P;
      bestGuess?: AnswerCandidate;
    }
  | {
      kind: 'no-answer';
      /** The passages most similar to the question, best first, to show instead of an answer. */
      closest: P[];
      /** The best span below the threshold, for a "low confidence" disclosure; absent if none. */
      bestGuess?: AnswerCandidate;
    };

/**
 * What the passages' `score` (cosine similarity to the question) says, when there is one
 * (knowledge-base retrieval; a pasted context has no similarity). Calibrated on the COVID FAQ with
 * all-MiniLM-L6-v2: the right passage scored 0.88 while the QA span was weak, and an
 * unanswerable question's best passage 0.48 while the QA model was "40 % sure" of "your".
 */
export interface Relevance {
  /** A span from a passage less similar than this is not an answer, however sure the QA model is. */
  answerFloor: number;
  /** A passage at least this similar answers the question by itself when no span is confident. */
  passageAnswer: number;
}

export const DEFAULT_RELEVANCE: Relevance = { answerFloor: 0.5, passageAnswer: 0.8 };

/**
 * Below this the tiny and small extractive QA models are mostly guessing; the user can change it.
 * (The model's score is a product of two softmaxes, so confident answers are often ~0.3–0.9.)
 */
export const DEFAULT_ANSWER_THRESHOLD = 0.25;

export interface PickAnswerOptions<P extends RankedPassage> {
  /** Minimum QA score for an answer, in [0, 1]. */
  threshold: number;
  /** The retrieved passages the candidates were read from. */
  passages: readonly P[];
  /** How many closest passages a no-answer shows. Default 3. */
  maxClosest?: number;
  /** Set when the passages' scores are similarities to the question; see Relevance. */
  relevance?: Relevance;
}

/**
 * The answer for a question, decided from the QA model's span score and, for retrieved passages,
 * how similar the passage is to the question (`relevance`):
 * - `answer`: the best span at or above the threshold, from a passage similar enough to trust it;
 * - `passage`: no such span, but the most similar passage is close enough to be the answer itself;
 * - `no-answer`: neither; the closest passages are shown instead, never a made-up answer.
 * Empty answers and non-finite scores never qualify, and candidates from passages not in
 * `passages` are ignored, since an answer is always shown with its source. Equal scores go to the
 * passage ranked higher by retrieval.
 */
export function pickAnswer<P extends RankedPassage>(candidates: readonly AnswerCandidate[], options: PickAnswerOptions<P>): AnswerPick<P> {
  const { threshold, passages, relevance } = options;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new WorkbenchError('bad-input', `The answer threshold must be between 0 and 1 (got ${threshold}).`);
  }
  const rank = new Map<string, number>();
  passages.forEach((p, i) => {
    if (!rank.has(p.id)) rank.set(p.id, i);
  });
  const similarity = (p: P) => (Number.isFinite(p.score) ? p.score : -Infinity);

  let best: AnswerCandidate | undefined;
  let bestRank = Infinity;
  for (const candidate of candidates) {
    const r = rank.get(candidate.passageId);
    if (r === undefined || !Number.isFinite(candidate.score) || candidate.answer.trim() === '') continue;
    if (best === undefined || candidate.score > best.score || (candidate.score === best.score && r < bestRank)) {
      best = candidate;
      bestRank = r;
    }
  }

  const bestSource = best === undefined ? undefined : (passages[bestRank] as P);
  const trusted = bestSource !== undefined && (relevance === undefined || similarity(bestSource) >= relevance.answerFloor);
  if (best !== undefined && best.score >= threshold && trusted) {
    return { kind: 'answer', best, source: bestSource as P };
  }
  const byScore = passages
    .map((p, i) => ({ p, i }))
    .sort((a, b) => similarity(b.p) - similarity(a.p) || a.i - b.i)
    .map(({ p }) => p);
  const top = byScore[0];
  if (relevance !== undefined && top !== undefined && similarity(top) >= relevance.passageAnswer) {
    const guess = candidates.find((c) => c.passageId === top.id && Number.isFinite(c.score) && c.answer.trim() !== '');
    return guess === undefined ? { kind: 'passage', source: top } : { kind: 'passage', source: top, bestGuess: guess };
  }
  const closest = byScore.slice(0, Math.max(0, Math.floor(options.maxClosest ?? 3)));
  return best === undefined ? { kind: 'no-answer', closest } : { kind: 'no-answer', closest, bestGuess: best };
}

export interface TextSegment {
  text: string;
  highlighted: boolean;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * `text` as segments with [start, end) highlighted. Offsets are clamped to the text, and widened
 * so they never split an emoji / surrogate pair; an empty, reversed or unknown (-1, NaN) range
 * gives the text unhighlighted. Empty segments are left out.
 */
export function highlightSpans(text: string, start: number, end: number): TextSegment[] {
  if (text === '') return [];
  if (!Number.isFinite(start) || !Number.isFinite(end) || (start < 0 && end <= 0)) return [{ text, highlighted: false }];
  let s = Math.min(Math.max(Math.floor(start), 0), text.length);
  let e = Math.min(Math.max(Math.ceil(end), 0), text.length);
  if (s >= e) return [{ text, highlighted: false }];
  if (s > 0 && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
  if (e < text.length && isLowSurrogate(text.charCodeAt(e)) && isHighSurrogate(text.charCodeAt(e - 1))) e++;
  const segments: TextSegment[] = [
    { text: text.slice(0, s), highlighted: false },
    { text: text.slice(s, e), highlighted: true },
    { text: text.slice(e), highlighted: false },
  ];
  return segments.filter((segment) => segment.text !== '');
}
