/**
 * The Ask app's knowledge base in the workspace: documents become passages, passages get vectors
 * from the embedding model, and both are stored (IndexedDB) so a reload costs no embedding.
 *
 * Re-importing a document embeds only what changed: passages are compared by content hash
 * (diffPassages), so unchanged text, even when it moved, keeps its vector. Vectors of different
 * embedding models never mix: the knowledge base records its model, and a different one means
 * re-embedding everything (`reembedAll`).
 *
 * Embedding is saved batch by batch, so a cancelled or crashed import keeps what was done: every
 * stored passage always has the vector of its own text, and importing again picks up the rest.
 */
import { contentHash, diffPassages } from '../../content/contentHash';
import { passageEmbeddingText, type Passage } from '../../content/passages';
import { hasVector } from '../../content/asking';
import type { KnowledgeBaseRecord, KnowledgeBaseRepository, PassageRecord } from '../../storage/repositories';
import { reason, refusal, WorkbenchError, type WorkProgress } from '../../core';

export type DocumentFormat = 'faq' | 'markdown' | 'text';

/** What the knowledge base lists about each document (kept in KnowledgeBaseRecord.documents). */
export interface KbDocument {
  id: string;
  name: string;
  format: DocumentFormat;
  passages: number;
  updatedAt: number;
  /** False while (or after an interrupted) import: some passages may still lack their vector. */
  complete: boolean;
}

export type EmbedFn = (texts: string[], options: { signal?: AbortSignal; onProgress?: (progress: WorkProgress) => void }) => Promise<number[][]>;

export function passageRecordId(kbId: string, passageId: string): string {
  return `${kbId}/${passageId}`;
}

function localId(kbId: string, record: PassageRecord): string {
  const prefix = `${kbId}/`;
  return record.id.startsWith(prefix) ? record.id.slice(prefix.length) : record.id;
}

function toRecord(kbId: string, passage: Passage, vector: Float32Array | number[]): PassageRecord {
  const record: PassageRecord = {
    id: passageRecordId(kbId, passage.id),
    knowledgeBaseId: kbId,
    docId: passage.docId,
    text: passage.text,
    hash: passage.hash,
    vector: vector instanceof Float32Array ? vector : Float32Array.from(vector),
  };
  if (passage.title !== undefined) record.title = passage.title;
  if (passage.source !== undefined) record.source = passage.source;
  if (passage.start !== undefined) record.start = passage.start;
  if (passage.end !== undefined) record.end = passage.end;
  return record;
}

export function documentsOf(kb: KnowledgeBaseRecord | undefined): KbDocument[] {
  const raw = Array.isArray(kb?.documents) ? kb.documents : [];
  return raw
    .filter((d): d is Partial<KbDocument> & { id: string; name: string } => {
      const doc = d as Partial<KbDocument> | null;
      return typeof doc?.id === 'string' && typeof doc.name === 'string';
    })
    .map((d) => ({
      id: d.id,
      name: d.name,
      format: d.format === 'faq' || d.format === 'markdown' ? d.format : 'text',
      passages: typeof d.passages === 'number' ? d.passages : 0,
      updatedAt: typeof d.updatedAt === 'number' ? d.updatedAt : 0,
      complete: d.complete !== false,
    }));
}

function emptyKb(kbId: string, now: number): KnowledgeBaseRecord {
  return { id: kbId, name: 'Knowledge base', documents: [], createdAt: now, updatedAt: now };
}

export interface ImportPlan {
  toEmbed: Passage[];
  /** New records whose vector is copied from a stored passage with the same text. */
  reused: PassageRecord[];
  /** Stored record ids of this document that no longer exist. */
  removedIds: string[];
}

/**
 * What importing `passages` as document `docId` needs, given the passages stored for it. Pure.
 * Stored passages without a vector (never embedded) are not reused.
 */
export function planImport(kbId: string, docId: string, stored: readonly PassageRecord[], passages: readonly Passage[]): ImportPlan {
  const mine = stored.filter((r) => r.docId === docId);
  const usable = mine.filter((r) => hasVector(r) && typeof r.hash === 'string');
  const byLocalId = new Map(usable.map((r) => [localId(kbId, r), r]));
  const diff = diffPassages(
    usable.map((r) => ({ id: localId(kbId, r), hash: r.hash as string })),
    passages,
  );
  const reused = diff.unchanged.map(({ passage, reuseFrom }) => toRecord(kbId, passage, (byLocalId.get(reuseFrom) as PassageRecord).vector as Float32Array));
  const keep = new Set(passages.map((p) => passageRecordId(kbId, p.id)));
  return { toEmbed: diff.toEmbed, reused, removedIds: mine.map((r) => r.id).filter((id) => !keep.has(id)) };
}

export interface ImportOptions {
  knowledgeBase: KnowledgeBaseRepository;
  kbId: string;
  embeddingModel: string;
  document: { id: string; name: string; format: DocumentFormat };
  passages: readonly Passage[];
  embed: EmbedFn;
  signal?: AbortSignal;
  /** Passages embedded so far, of those that need it. */
  onProgress?: (progress: WorkProgress) => void;
  /** Passages per embed call and per save. Default 64. */
  batchSize?: number;
  now?: () => number;
}

export interface ImportResult {
  passages: number;
  embedded: number;
  reused: number;
  removed: number;
}

/** Imports (or re-imports) one document; see the module comment. */
export async function importDocument(options: ImportOptions): Promise<ImportResult> {
  const { knowledgeBase, kbId, embeddingModel, document, passages, embed, signal, onProgress } = options;
  const now = options.now ?? Date.now;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  if (passages.length === 0) throw refusal(reason('kbNoText', { name: document.name }));

  const kb = (await knowledgeBase.get(kbId)) ?? emptyKb(kbId, now());
  if (kb.embeddingModel && kb.embeddingModel !== embeddingModel && documentsOf(kb).length > 0) {
    throw refusal(reason('kbOtherEmbedding', { model: kb.embeddingModel, wanted: embeddingModel }));
  }
  const stored = await knowledgeBase.passages(kbId);
  const plan = planImport(kbId, document.id, stored, passages);
  const saveEntry = async (complete: boolean) => {
    const entry: KbDocument = { ...document, passages: passages.length, updatedAt: now(), complete };
    // Read again at each save, in the write's own transaction: an import embeds for minutes
    // between its two saves, and another tab (issue 11.4) may add or remove a document meanwhile;
    // writing back the list read at the start would silently drop its change. Only this
    // document's entry is ours to write.
    return knowledgeBase.update(kbId, (current = kb) => ({
      ...current,
      embeddingModel,
      documents: [...documentsOf(current).filter((d) => d.id !== document.id), entry],
      updatedAt: now(),
    }));
  };
  // Listed first, marked incomplete: an interrupted import still shows (and can remove) the
  // passages it saved, and says that importing again will finish it.
  await saveEntry(false);

  // Reused passages first: they cost nothing, and they are right whatever happens next.
  await knowledgeBase.putPassages(plan.reused, `the passages of ${document.name}`);
  let embedded = 0;
  onProgress?.({ done: 0, total: plan.toEmbed.length });
  for (let start = 0; start < plan.toEmbed.length; start += batchSize) {
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
    const batch = plan.toEmbed.slice(start, start + batchSize);
    const vectors = await embed(batch.map(passageEmbeddingText), {
      signal,
      onProgress: (p) => onProgress?.({ done: embedded + p.done, total: plan.toEmbed.length }),
    });
    await knowledgeBase.putPassages(
      batch.map((passage, i) => toRecord(kbId, passage, vectors[i] ?? [])),
      `the passages of ${document.name}`,
    );
    embedded += batch.length;
    onProgress?.({ done: embedded, total: plan.toEmbed.length });
  }
  for (const id of plan.removedIds) await knowledgeBase.deletePassage(id);

  await saveEntry(true);
  return { passages: passages.length, embedded, reused: plan.reused.length, removed: plan.removedIds.length };
}

/** Removes one document and its passages. */
export async function removeDocument(knowledgeBase: KnowledgeBaseRepository, kbId: string, docId: string): Promise<void> {
  const stored = await knowledgeBase.passages(kbId);
  for (const record of stored) if (record.docId === docId) await knowledgeBase.deletePassage(record.id);
  if (!(await knowledgeBase.get(kbId))) return;
  await knowledgeBase.update(kbId, (current = emptyKb(kbId, Date.now())) => ({
    ...current,
    documents: documentsOf(current).filter((d) => d.id !== docId),
    updatedAt: Date.now(),
  }));
}

/** Empties the knowledge base (passages and document list). */
export async function clearKnowledgeBase(knowledgeBase: KnowledgeBaseRepository, kbId: string): Promise<void> {
  await knowledgeBase.deleteAllPassages(kbId);
  const kb = await knowledgeBase.get(kbId);
  if (kb) await knowledgeBase.put({ ...kb, documents: [], embeddingModel: undefined, updatedAt: Date.now() });
}

/**
 * Embeds every stored passage again with `embeddingModel` (after the user chose another model).
 * Saved batch by batch like an import; the model is recorded once all are done.
 */
export async function reembedAll(options: Omit<ImportOptions, 'document' | 'passages'>): Promise<number> {
  const { knowledgeBase, kbId, embeddingModel, embed, signal, onProgress } = options;
  const batchSize = Math.max(1, options.batchSize ?? 64);
  const stored = await knowledgeBase.passages(kbId);
  let done = 0;
  onProgress?.({ done, total: stored.length });
  for (let start = 0; start < stored.length; start += batchSize) {
    if (signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
    const batch = stored.slice(start, start + batchSize);
    const texts = batch.map((r) => passageEmbeddingText({ text: r.text, title: r.title }));
    const vectors = await embed(texts, { signal, onProgress: (p) => onProgress?.({ done: done + p.done, total: stored.length }) });
    await knowledgeBase.putPassages(
      batch.map((r, i) => ({ ...r, hash: r.hash ?? contentHash(texts[i] as string), vector: Float32Array.from(vectors[i] ?? []) })),
    );
    done += batch.length;
    onProgress?.({ done, total: stored.length });
  }
  const kb = (await knowledgeBase.get(kbId)) ?? emptyKb(kbId, Date.now());
  await knowledgeBase.put({ ...kb, embeddingModel, updatedAt: Date.now() });
  return stored.length;
}
