/**
 * `answer(question)` without a context: retrieval over a knowledge base, then the extractive QA
 * model on the closest passages, decided by the same code as the Ask app (src/content/asking.ts):
 * the QA span's score AND the passage's similarity to the question, so a weak span from a closely
 * matching passage still answers, and a confident span from an unrelated passage does not.
 */
import { DEFAULT_KB_ID, askKnowledgeBase, buildIndex, type AnswerFn, type EmbedQuestionFn, type RankedPassage } from '../content/asking';
import { reason, refusal, type WorkProgress } from '../core';
import type { KnowledgeAnswer, KnowledgeBaseContent, KnowledgeSource, SourcePassage } from './types';

/** The knowledge bases of this origin's workspace (IndexedDB), where the Ask app keeps them. */
export async function workspaceKnowledgeBase(id: string): Promise<KnowledgeBaseContent | null> {
  // Loaded on first use: pages that never ask a knowledge base do not load the workspace code.
  const [{ createRepositories }, { getWorkspace }] = await Promise.all([import('../storage/repositories'), import('../storage/workspace')]);
  const { knowledgeBase } = createRepositories(getWorkspace());
  const [record, passages] = await Promise.all([knowledgeBase.get(id), knowledgeBase.passages(id)]);
  if (!record) return null;
  return { embeddingModel: record.embeddingModel, passages };
}

function sourceOf(passage: RankedPassage): SourcePassage {
  const source: SourcePassage = { id: passage.id, text: passage.text, similarity: passage.score };
  if (passage.title !== undefined) source.title = passage.title;
  if (passage.source !== undefined) source.source = passage.source;
  if (passage.docId !== undefined) source.docId = passage.docId;
  return source;
}

export interface KnowledgeCalls {
  /** Embeds the question with the knowledge base's embedding model. */
  embed: (embeddingModel: string | undefined) => EmbedQuestionFn;
  answer: AnswerFn;
}

export async function answerFromKnowledgeBase(
  question: string,
  source: KnowledgeSource,
  calls: KnowledgeCalls,
  options: { knowledgeBase?: string; threshold?: number; signal?: AbortSignal; onProgress?: (progress: WorkProgress) => void },
): Promise<KnowledgeAnswer> {
  const id = options.knowledgeBase ?? DEFAULT_KB_ID;
  const content = await source(id);
  if (!content) throw refusal(reason('kbNotFound', { id }));
  const index = buildIndex(content.passages);
  if (index.passages.length === 0) throw refusal(reason('kbNotEmbedded', { id }));
  const result = await askKnowledgeBase(
    question,
    index,
    { embed: calls.embed(content.embeddingModel), answer: calls.answer },
    { threshold: options.threshold, signal: options.signal, onProgress: options.onProgress },
  );
  const { pick } = result;
  const closest = (pick.kind === 'no-answer' ? pick.closest : result.ranked.slice(0, 3)).map(sourceOf);
  if (pick.kind === 'answer') {
    const { best } = pick;
    return {
      kind: 'answer',
      answer: best.answer,
      confidence: best.score,
      source: sourceOf(pick.source),
      start: best.start,
      end: best.end,
      closest,
      knowledgeBase: id,
    };
  }
  if (pick.kind === 'passage') {
    // No span is confident, but the passage matches the question so closely that it is the answer.
    const passage = sourceOf(pick.source);
    return {
      kind: 'passage',
      answer: passage.text,
      confidence: passage.similarity,
      source: passage,
      start: 0,
      end: passage.text.length,
      closest,
      knowledgeBase: id,
    };
  }
  return { kind: 'no-answer', answer: null, confidence: 0, source: null, start: -1, end: -1, closest, knowledgeBase: id };
}
