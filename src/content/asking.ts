/**
 * Answering a question, against injected model calls (the SDK's `answer(question)` and the Ask
 * app share it; the tests pass fakes):
 *
 * - from the knowledge base: embed the question, take the most similar passages (cosine top-k),
 *   let the extractive QA model read the best few, and keep its answer only above the confidence
 *   threshold; otherwise "no answer" with the closest passages, never a made-up answer.
 * - from a pasted context: the same reading and threshold over the context, split into parts that
 *   fit the QA model when it is long (each part read, none silently cut off).
 */
import { locateAnswerSpan, spanMatches } from './answerSpan';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_RELEVANCE, pickAnswer, type AnswerCandidate, type AnswerPick } from './answering';
import { chunkDocument } from './passages';
import { cosineTopK, packVectors, type VectorMatrix } from './vectorSearch';
import { WorkbenchError, type Answer, type WorkProgress } from '../core';

export { DEFAULT_ANSWER_THRESHOLD };

/** The knowledge base the Ask app builds, and the one `answer(question)` reads unless told another. */
export const DEFAULT_KB_ID = 'default';

// ---------------------------------------------------------------------------------------------
// Search index

/** A stored passage as the index needs it (the workspace's PassageRecord has this shape). */
export interface StoredPassage {
  id: string;
  text: string;
  docId?: string;
  title?: string;
  source?: string;
  vector?: Float32Array | number[];
}

export interface IndexedPassage {
  id: string;
  docId?: string;
  text: string;
  title?: string;
  source?: string;
}

export interface KbIndex {
  passages: IndexedPassage[];
  matrix: VectorMatrix;
}

/** A named knowledge base ready for retrieval, with the model its vectors came from (questions are embedded with the same one). */
export interface NamedKbIndex extends KbIndex {
  name: string;
  embeddingModel?: string;
}

export function hasVector<P extends StoredPassage>(record: P): record is P & { vector: Float32Array | number[] } {
  return record.vector !== undefined && record.vector.length > 0;
}

/**
 * The passages with vectors, packed once for cosineTopK. Passages whose vector is missing or of
 * another size (a half-finished re-embed) are left out rather than failing every question.
 */
export function buildIndex(records: readonly StoredPassage[]): KbIndex {
  const withVectors = records.filter(hasVector);
  const dims = new Map<number, number>();
  for (const r of withVectors) dims.set(r.vector.length, (dims.get(r.vector.length) ?? 0) + 1);
  const dim = [...dims.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const usable = withVectors.filter((r) => r.vector.length === dim);
  return {
    passages: usable.map((r) => {
      const passage: IndexedPassage = { id: r.id, text: r.text };
      if (r.docId !== undefined) passage.docId = r.docId;
      if (r.title !== undefined) passage.title = r.title;
      if (r.source !== undefined) passage.source = r.source;
      return passage;
    }),
    matrix: packVectors(usable.map((r) => r.vector)),
  };
}

// ---------------------------------------------------------------------------------------------
// Asking

export interface RankedPassage {
  id: string;
  /** Cosine similarity to the question (knowledge base) or the QA score (pasted context). */
  score: number;
  text: string;
  title?: string;
  source?: string;
  docId?: string;
}

export interface AskResult {
  /** Where the passages came from: retrieval (scores are similarities) or a pasted context. */
  mode: 'kb' | 'context';
  pick: AnswerPick<RankedPassage>;
  /** Every passage retrieved, best first. */
  ranked: RankedPassage[];
  /** The QA model's answer for each passage it read. */
  candidates: AnswerCandidate[];
}

export type AnswerFn = (question: string, context: string, options: { signal?: AbortSignal }) => Promise<Answer>;
export type EmbedQuestionFn = (texts: string[], options: { signal?: AbortSignal }) => Promise<number[][]>;

export interface AskOptions {
  threshold?: number;
  signal?: AbortSignal;
  /** Passages read by the QA model, of those passed. */
  onProgress?: (progress: WorkProgress) => void;
}

/** How many passages retrieval returns, and how many of them the QA model reads. */
export const RETRIEVE = 5;
export const READ = 3;

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
}

/**
 * The QA model's answer for each passage, as the passage's own text at its span. The SDK already
 * returns that span (see answerSpan.ts); offsets that do not read as the answer (another client,
 * an older worker) are located again the same way. When there is no span, the answer text is
 * kept, without a highlight.
 */
async function readPassages(question: string, passages: readonly RankedPassage[], answer: AnswerFn, options: AskOptions): Promise<AnswerCandidate[]> {
  const candidates: AnswerCandidate[] = [];
  options.onProgress?.({ done: 0, total: passages.length });
  for (const [i, passage] of passages.entries()) {
    checkAbort(options.signal);
    const result = await answer(question, passage.text, { signal: options.signal });
    const span = spanMatches(passage.text, result.start, result.end, result.answer)
      ? { start: result.start, end: result.end }
      : locateAnswerSpan(passage.text, result.answer);
    candidates.push({
      passageId: passage.id,
      answer: span ? passage.text.slice(span.start, span.end) : result.answer,
      score: result.score,
      start: span?.start ?? -1,
      end: span?.end ?? -1,
    });
    options.onProgress?.({ done: i + 1, total: passages.length });
  }
  return candidates;
}

export async function askKnowledgeBase(
  question: string,
  index: KbIndex,
  calls: { embed: EmbedQuestionFn; answer: AnswerFn },
  options: AskOptions = {},
): Promise<AskResult> {
  if (question.trim() === '') throw new WorkbenchError('bad-input', 'The question is empty.');
  if (index.passages.length === 0) throw new WorkbenchError('bad-input', 'The knowledge base is empty.');
  const [vector] = await calls.embed([question], { signal: options.signal });
  if (!vector) throw new WorkbenchError('internal', 'The question could not be embedded.');
  const ranked: RankedPassage[] = cosineTopK(vector, index.matrix, RETRIEVE).map(({ index: i, score }) => ({
    ...(index.passages[i] as KbIndex['passages'][number]),
    score,
  }));
  const candidates = await readPassages(question, ranked.slice(0, READ), calls.answer, options);
  return decide({ mode: 'kb', ranked, candidates }, options.threshold ?? DEFAULT_ANSWER_THRESHOLD);
}

/**
 * Parts of a pasted context for the QA model: its window is 384 tokens (question included), so
 * parts of ~200 estimated tokens, overlapping so an answer across a cut is whole in one of them.
 */
export function contextParts(context: string): RankedPassage[] {
  return chunkDocument({ id: 'context', text: context, format: 'text' }).map((p) => ({ id: p.id, score: 0, text: p.text }));
}

export async function askContext(question: string, context: string, calls: { answer: AnswerFn }, options: AskOptions = {}): Promise<AskResult> {
  if (question.trim() === '') throw new WorkbenchError('bad-input', 'The question is empty.');
  const parts = contextParts(context);
  if (parts.length === 0) throw new WorkbenchError('bad-input', 'The context is empty.');
  const candidates = await readPassages(question, parts, calls.answer, options);
  // With no retrieval, the parts the model was most confident about are the "closest".
  const scoreOf = new Map(candidates.map((c) => [c.passageId, Number.isFinite(c.score) ? c.score : 0]));
  const ranked = parts.map((p) => ({ ...p, score: scoreOf.get(p.id) ?? 0 })).sort((a, b) => b.score - a.score);
  return decide({ mode: 'context', ranked, candidates }, options.threshold ?? DEFAULT_ANSWER_THRESHOLD);
}

/**
 * The answer for what was read, at a threshold: also used again when the user moves the slider.
 * Retrieved passages carry their similarity to the question, which takes part in the decision.
 */
export function decide(read: Omit<AskResult, 'pick'>, threshold: number): AskResult {
  const relevance = read.mode === 'kb' ? DEFAULT_RELEVANCE : undefined;
  return { ...read, pick: pickAnswer(read.candidates, { threshold, passages: read.ranked, relevance }) };
}
