/**
 * Answering a question from a knowledge base's embedded passages, against injected model calls
 * (the SDK's `embed` and `answer`): embed the question, retrieve the most similar passages
 * (cosine), let the extractive QA model read the best few, and decide with `pickAnswer` using the
 * passage similarity as well as the span score (so a passage at 0.88 similarity answers even when
 * the span is weak, and a dissimilar passage never does). Pure, so apps (src/apps/runner.ts) and a
 * context-free `client.answer(question)` can share it.
 */
import { WorkbenchError, type Answer } from '../core';
import { DEFAULT_ANSWER_THRESHOLD, DEFAULT_RELEVANCE, pickAnswer, type AnswerCandidate, type AnswerPick } from './answering';
import { cosineTopK, type VectorMatrix } from './vectorSearch';

export interface KnowledgePassage {
  id: string;
  text: string;
  title?: string;
  source?: string;
}

/** A knowledge base ready for retrieval: passages and their vectors, row for row. */
export interface KnowledgeIndex {
  name: string;
  passages: readonly KnowledgePassage[];
  matrix: VectorMatrix;
  /** The model the vectors came from; questions must be embedded with the same one. */
  embeddingModel?: string;
}

export interface KnowledgeCalls {
  embed(texts: string[], options: { signal?: AbortSignal; model?: string }): Promise<number[][]>;
  answer(question: string, context: string, options: { signal?: AbortSignal }): Promise<Answer>;
}

export type KnowledgeAnswer = AnswerPick<KnowledgePassage & { score: number }>;

export const KNOWLEDGE_RETRIEVE = 5;
export const KNOWLEDGE_READ = 3;

export async function answerFromKnowledge(
  question: string,
  index: KnowledgeIndex,
  calls: KnowledgeCalls,
  options: { signal?: AbortSignal; threshold?: number } = {},
): Promise<KnowledgeAnswer> {
  if (question.trim() === '') throw new WorkbenchError('bad-input', 'The question is empty.');
  if (index.passages.length === 0) throw new WorkbenchError('bad-input', 'The knowledge base is empty.');
  const embedOptions = index.embeddingModel === undefined ? { signal: options.signal } : { signal: options.signal, model: index.embeddingModel };
  const [vector] = await calls.embed([question], embedOptions);
  if (!vector) throw new WorkbenchError('internal', 'The question could not be embedded.');
  const ranked = cosineTopK(vector, index.matrix, KNOWLEDGE_RETRIEVE).map(({ index: i, score }) => ({ ...index.passages[i]!, score }));
  const candidates: AnswerCandidate[] = [];
  for (const passage of ranked.slice(0, KNOWLEDGE_READ)) {
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
    const result = await calls.answer(question, passage.text, { signal: options.signal });
    candidates.push({ passageId: passage.id, answer: result.answer, score: result.score, start: result.start, end: result.end });
  }
  return pickAnswer(candidates, { threshold: options.threshold ?? DEFAULT_ANSWER_THRESHOLD, passages: ranked, relevance: DEFAULT_RELEVANCE });
}
