// idb recognises requests by instanceof against the global IDB classes: install the fake's.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { chunkDocument, parseFaqCsv, type Passage } from '../../../src/content/passages';
import { DEFAULT_KB_ID, buildIndex } from '../../../src/content/asking';
import {
  clearKnowledgeBase,
  documentsOf,
  importDocument,
  passageRecordId,
  planImport,
  reembedAll,
  removeDocument,
  type EmbedFn,
} from '../../../src/panels/ask/knowledgeBase';
import { createRepositories, type KnowledgeBaseRepository } from '../../../src/storage/repositories';
import { Workspace, type PassageRecord } from '../../../src/storage/workspace';
import { WorkbenchError, isCancelled } from '../../../src/core';

const KB = DEFAULT_KB_ID;
const MODEL = 'tiny/minilm-embeddings';

/** A deterministic "embedding": letter counts, so equal texts get equal vectors. */
function vectorOf(text: string): number[] {
  const v = new Array(26).fill(0) as number[];
  for (const c of text.toLowerCase()) {
    const i = c.charCodeAt(0) - 97;
    if (i >= 0 && i < 26) v[i]! += 1;
  }
  return v;
}

function fakeEmbed() {
  const calls: string[][] = [];
  const embed: EmbedFn = async (texts, options) => {
    calls.push(texts);
    if (options.signal?.aborted) throw new WorkbenchError('cancelled', 'Cancelled.');
    options.onProgress?.({ done: texts.length, total: texts.length });
    return texts.map(vectorOf);
  };
  return { embed, calls, embedded: () => calls.flat() };
}

const FAQ =
  'question,answer,link\n"How do I reset my password?","Open Settings, then Account, then Reset.",https://help.example/reset\n"Can I export my data?","Yes: Settings, Data, Export to CSV.",\n"Is there a dark mode?","Yes, under Appearance.",\n';

let factory: IDBFactory;
let workspace: Workspace;
let knowledgeBase: KnowledgeBaseRepository;
beforeEach(() => {
  factory = new IDBFactory();
  workspace = new Workspace({ idbFactory: factory, locks: null });
  knowledgeBase = createRepositories(workspace).knowledgeBase;
});

async function stored(): Promise<PassageRecord[]> {
  return workspace.getAllByIndex('passages', 'byKnowledgeBase', KB);
}

function doc(id: string, text: string): Passage[] {
  // A window this small puts each short paragraph in a passage of its own.
  return chunkDocument({ id, text, format: 'text' }, { maxTokens: 5, overlapTokens: 0 });
}

describe('importDocument', () => {
  it('embeds every passage of a new document and stores the vectors with the knowledge base', async () => {
    const { embed, embedded } = fakeEmbed();
    const passages = parseFaqCsv(FAQ, { docId: 'faq.csv' }).passages;
    const progress: number[] = [];
    const result = await importDocument({
      knowledgeBase,
      kbId: KB,
      embeddingModel: MODEL,
      document: { id: 'faq.csv', name: 'faq.csv', format: 'faq' },
      passages,
      embed,
      batchSize: 2,
      onProgress: (p) => progress.push(p.done),
    });
    expect(result).toEqual({ passages: 3, embedded: 3, reused: 0, removed: 0 });
    // The question is embedded with its answer, as the title of the passage.
    expect(embedded()[0]).toBe('How do I reset my password?\nOpen Settings, then Account, then Reset.');
    expect(progress.at(-1)).toBe(3);
    const records = await stored();
    expect(records.map((r) => r.id).sort()).toEqual(passages.map((p) => passageRecordId(KB, p.id)).sort());
    const first = records.find((r) => r.id === passageRecordId(KB, 'faq.csv#0'))!;
    expect(first.vector).toBeInstanceOf(Float32Array);
    expect(Array.from(first.vector!)).toEqual(vectorOf(embedded()[0]!));
    expect(first).toMatchObject({ title: 'How do I reset my password?', source: 'https://help.example/reset', docId: 'faq.csv' });
    const kb = await workspace.get('knowledgeBases', KB);
    expect(kb?.embeddingModel).toBe(MODEL);
    expect(documentsOf(kb)).toEqual([expect.objectContaining({ id: 'faq.csv', passages: 3, complete: true, format: 'faq' })]);
  });

  it('re-importing embeds only what changed, reusing vectors of moved text and removing what is gone', async () => {
    const { embed, embedded } = fakeEmbed();
    const first = doc('notes.txt', 'Alpha beta gamma.\n\nDelta epsilon zeta.\n\nEta theta iota.');
    const options = { knowledgeBase, kbId: KB, embeddingModel: MODEL, document: { id: 'notes.txt', name: 'notes.txt', format: 'text' as const }, embed };
    await importDocument({ ...options, passages: first });
    expect(first).toHaveLength(3);
    const before = embedded().length;

    // A paragraph inserted at the top shifts every id; one paragraph edited, one deleted.
    const second = doc('notes.txt', 'New intro here.\n\nAlpha beta gamma.\n\nDelta epsilon edited.');
    const result = await importDocument({ ...options, passages: second });
    expect(result).toMatchObject({ passages: 3, embedded: 2, reused: 1, removed: 0 });
    expect(embedded().slice(before)).toEqual(['New intro here.', 'Delta epsilon edited.']);
    const records = await stored();
    expect(records).toHaveLength(3);
    for (const r of records) expect(Array.from(r.vector!)).toEqual(vectorOf(r.text));

    const third = doc('notes.txt', 'New intro here.');
    expect(await importDocument({ ...options, passages: third })).toMatchObject({ embedded: 0, reused: 1, removed: 2 });
    expect((await stored()).map((r) => r.text)).toEqual(['New intro here.']);
  });

  it('leaves other documents alone', async () => {
    const { embed } = fakeEmbed();
    const base = { knowledgeBase, kbId: KB, embeddingModel: MODEL, embed };
    await importDocument({ ...base, document: { id: 'a', name: 'a', format: 'text' }, passages: doc('a', 'Apples are red.') });
    await importDocument({ ...base, document: { id: 'b', name: 'b', format: 'text' }, passages: doc('b', 'Bananas are yellow.') });
    await importDocument({ ...base, document: { id: 'a', name: 'a', format: 'text' }, passages: doc('a', 'Apricots are orange.') });
    expect((await stored()).map((r) => r.text).sort()).toEqual(['Apricots are orange.', 'Bananas are yellow.']);
    expect(
      documentsOf(await workspace.get('knowledgeBases', KB))
        .map((d) => d.id)
        .sort(),
    ).toEqual(['a', 'b']);
  });

  it('keeps a document another tab added while this import was embedding (issue 11.4: no silent overwrite)', async () => {
    const { embed } = fakeEmbed();
    const base = { knowledgeBase, kbId: KB, embeddingModel: MODEL };
    // The other tab's import finishes while this one waits for its embeddings.
    const embedWhileOtherTabImports: EmbedFn = async (texts, options) => {
      await importDocument({
        ...base,
        embed,
        document: { id: 'other-tab', name: 'other-tab', format: 'text' },
        passages: doc('other-tab', 'Cherries are dark.'),
      });
      return embed(texts, options);
    };
    await importDocument({
      ...base,
      embed: embedWhileOtherTabImports,
      document: { id: 'mine', name: 'mine', format: 'text' },
      passages: doc('mine', 'Apples are red.'),
    });
    const documents = documentsOf(await workspace.get('knowledgeBases', KB));
    expect(documents.map((d) => [d.id, d.complete]).sort()).toEqual([
      ['mine', true],
      ['other-tab', true],
    ]);
    expect((await stored()).map((r) => r.text).sort()).toEqual(['Apples are red.', 'Cherries are dark.']);
  });

  it('two tabs saving document entries at the same moment lose neither: each read-and-write is one transaction', async () => {
    // A second tab: its own connection to the same database.
    const otherTab = createRepositories(new Workspace({ idbFactory: factory, locks: null, channel: null })).knowledgeBase;
    const add = (repository: typeof knowledgeBase, id: string) =>
      repository.update(KB, (current) => ({
        ...(current ?? { id: KB, name: KB, createdAt: 1, updatedAt: 1 }),
        documents: [...documentsOf(current).filter((d) => d.id !== id), { id, name: id, format: 'text', passages: 1, updatedAt: 2, complete: true }],
        updatedAt: 2,
      }));
    await Promise.all(Array.from({ length: 20 }, (_, i) => add(i % 2 === 0 ? knowledgeBase : otherTab, `doc-${i}`)));
    const ids = documentsOf(await workspace.get('knowledgeBases', KB)).map((d) => d.id);
    expect(ids.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `doc-${i}`).sort());
  });

  it('keeps the batches embedded before a cancel, marks the document incomplete, and finishes on the next import', async () => {
    const controller = new AbortController();
    const { embed: inner, embedded } = fakeEmbed();
    const embed: EmbedFn = async (texts, options) => {
      const vectors = await inner(texts, options);
      controller.abort(); // the user cancels while the first batch is being embedded
      return vectors;
    };
    const passages = doc('long.txt', 'One two three.\n\nFour five six.\n\nSeven eight nine.\n\nTen eleven twelve.');
    const options = {
      knowledgeBase,
      kbId: KB,
      embeddingModel: MODEL,
      document: { id: 'long.txt', name: 'long.txt', format: 'text' as const },
      passages,
      batchSize: 2,
    };
    const failure = await importDocument({ ...options, embed, signal: controller.signal }).catch((e: unknown) => e);
    expect(isCancelled(failure)).toBe(true);
    expect(await stored()).toHaveLength(2);
    expect(documentsOf(await workspace.get('knowledgeBases', KB))[0]).toMatchObject({ id: 'long.txt', complete: false });

    const again = fakeEmbed();
    const result = await importDocument({ ...options, embed: again.embed });
    expect(result).toMatchObject({ embedded: 2, reused: 2 });
    expect(embedded()).toEqual(['One two three.', 'Four five six.']);
    expect(again.embedded()).toEqual(['Seven eight nine.', 'Ten eleven twelve.']);
    expect(documentsOf(await workspace.get('knowledgeBases', KB))[0]).toMatchObject({ complete: true, passages: 4 });
  });

  it('refuses to mix vectors of another embedding model, until everything is re-embedded', async () => {
    const { embed } = fakeEmbed();
    const base = { knowledgeBase, kbId: KB, embed };
    await importDocument({ ...base, embeddingModel: MODEL, document: { id: 'a', name: 'a', format: 'text' }, passages: doc('a', 'Apples are red.') });
    await expect(
      importDocument({ ...base, embeddingModel: 'other/model', document: { id: 'b', name: 'b', format: 'text' }, passages: doc('b', 'Bananas.') }),
    ).rejects.toMatchObject({ code: 'bad-input' });

    const again = fakeEmbed();
    expect(await reembedAll({ knowledgeBase, kbId: KB, embeddingModel: 'other/model', embed: again.embed })).toBe(1);
    expect(again.embedded()).toEqual(['Apples are red.']);
    expect((await workspace.get('knowledgeBases', KB))?.embeddingModel).toBe('other/model');
    await importDocument({ ...base, embeddingModel: 'other/model', document: { id: 'b', name: 'b', format: 'text' }, passages: doc('b', 'Bananas.') });
    expect(await stored()).toHaveLength(2);
  });

  it('rejects a document without passages', async () => {
    const { embed } = fakeEmbed();
    await expect(
      importDocument({ knowledgeBase, kbId: KB, embeddingModel: MODEL, document: { id: 'e', name: 'empty.txt', format: 'text' }, passages: [], embed }),
    ).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('removing', () => {
  it('removes one document, or everything', async () => {
    const { embed } = fakeEmbed();
    const base = { knowledgeBase, kbId: KB, embeddingModel: MODEL, embed };
    await importDocument({ ...base, document: { id: 'a', name: 'a', format: 'text' }, passages: doc('a', 'Apples are red.') });
    await importDocument({ ...base, document: { id: 'b', name: 'b', format: 'text' }, passages: doc('b', 'Bananas are yellow.') });
    await removeDocument(knowledgeBase, KB, 'a');
    expect((await stored()).map((r) => r.docId)).toEqual(['b']);
    expect(documentsOf(await workspace.get('knowledgeBases', KB)).map((d) => d.id)).toEqual(['b']);
    await clearKnowledgeBase(knowledgeBase, KB);
    expect(await stored()).toEqual([]);
    expect(documentsOf(await workspace.get('knowledgeBases', KB))).toEqual([]);
  });
});

describe('planImport and buildIndex', () => {
  it('does not reuse stored passages that were never embedded', () => {
    const passages = doc('d', 'Some text.');
    const storedRecords: PassageRecord[] = [
      { id: passageRecordId(KB, passages[0]!.id), knowledgeBaseId: KB, docId: 'd', text: 'Some text.', hash: passages[0]!.hash },
    ];
    expect(planImport(KB, 'd', storedRecords, passages)).toMatchObject({ toEmbed: passages, reused: [], removedIds: [] });
  });

  it('packs only passages with vectors of the common size', () => {
    const record = (id: string, vector?: number[]): PassageRecord => ({ id, knowledgeBaseId: KB, text: id, vector: vector && Float32Array.from(vector) });
    const index = buildIndex([record('a', [1, 0]), record('b'), record('c', [0, 1]), record('d', [1, 2, 3])]);
    expect(index.passages.map((p) => p.id)).toEqual(['a', 'c']);
    expect(index.matrix).toMatchObject({ count: 2, dim: 2 });
    expect(buildIndex([]).matrix.count).toBe(0);
  });
});
