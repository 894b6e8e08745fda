/**
 * The Ask store without React or a browser: its knowledge base lives in a workspace on
 * fake-indexeddb (through the repositories), the import worker's parsers run in-process, and the
 * client is a small fake whose embeddings are word counts and whose reader returns the sentence
 * sharing most words with the question. What is checked is the store's own work: what it saves,
 * reads back, shows, and drops after a cancel.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setDeps } from '../../../src/services/deps';
import type { Answer } from '../../../src/core';
import type { CallOptions, WorkbenchClient } from '../../../src/sdk';
import { createAskStore } from '../../../src/panels/ask/askStore';
import { assignedModel } from '../../../src/state/assignment';
import type { Workspace } from '../../../src/storage/workspace';
import { fakeClient, freshWorkspace, storeDeps } from '../support/storeDeps';

/** The Ask store asks for spans of passages (answer(question, context)), never the knowledge-base form. */
const spanAnswer = (answer: (question: string, context: string, options?: CallOptions) => Promise<Answer>) => answer as WorkbenchClient['answer'];

const DIM = 64;

function words(text: string): string[] {
  return text.toLowerCase().match(/\p{L}+|\p{N}+/gu) ?? [];
}

/** A unit vector of hashed word counts: texts sharing words are close. */
function embedText(text: string): number[] {
  const vector = new Array<number>(DIM).fill(0);
  for (const word of words(text)) {
    let hash = 0;
    for (const char of word) hash = (hash * 31 + char.codePointAt(0)!) >>> 0;
    vector[hash % DIM]! += 1;
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

/** The context's sentence sharing most words with the question; the score is the share of question words found. */
function read(question: string, context: string): Answer {
  const asked = new Set(words(question));
  let best = { answer: '', score: 0, start: -1, end: -1 };
  for (const match of context.matchAll(/[^.!?\n]+[.!?]?/g)) {
    const sentence = match[0].trim();
    const found = words(sentence).filter((word) => asked.has(word)).length;
    const score = asked.size === 0 ? 0 : found / asked.size;
    if (score > best.score) {
      const start = context.indexOf(sentence, match.index);
      best = { answer: sentence, score, start, end: start + sentence.length };
    }
  }
  return best;
}

/** Three help pages, each pasted as its own document. */
const HELP: Array<[title: string, text: string]> = [
  ['Refunds', 'Refunds are paid within fourteen days of the return.'],
  ['Shipping', 'Shipping is free for orders above fifty euros.'],
  ['Passwords', 'Passwords are reset from the account page.'],
];

async function pasteHelp(ask: ReturnType<typeof createAskStore>): Promise<void> {
  for (const [title, text] of HELP) {
    await ask.getState().addPasted(title, text);
    const job = ask.getState().job;
    expect(job?.status, String(job?.error)).toBe('done');
  }
}

let workspace: Workspace;
let embedded: string[];

beforeEach(() => {
  workspace = freshWorkspace();
  embedded = [];
  setDeps(
    storeDeps(
      workspace,
      fakeClient({
        embed: async (texts) => {
          embedded.push(...texts);
          return texts.map(embedText);
        },
        answer: spanAnswer(async (question, context) => read(question, context)),
      }),
    ),
  );
});

afterEach(() => setDeps(null));

describe('the Ask store', () => {
  it('saves a pasted text as passages, reads them back, and answers from the right passage', async () => {
    const ask = createAskStore();
    await ask.getState().init();
    expect(ask.getState()).toMatchObject({ loaded: true, documents: [], passageCount: 0, loadError: null });

    await pasteHelp(ask);
    expect(ask.getState().job?.result?.embedded).toBeGreaterThan(0);
    expect(ask.getState().documents.map((d) => d.name)).toEqual(['Passwords', 'Refunds', 'Shipping']);
    // The model the settings assign to embeddings (src/state/assignment.ts), recorded with the vectors.
    expect(ask.getState().embeddingModel).toBe(assignedModel('embeddings'));
    // What the store shows is what the workspace now holds.
    const stored = await workspace.getAllByIndex('passages', 'byKnowledgeBase', 'default');
    expect(stored.length).toBe(ask.getState().passageCount);
    expect(stored.length).toBe(3);

    ask.getState().setQuestion('Refunds are paid within how many days of the return?');
    ask.getState().ask();
    await expect.poll(() => ask.getState().askStatus).toBe('done');
    const result = ask.getState().result;
    expect(result?.pick.kind).toBe('answer');
    if (result?.pick.kind !== 'answer') return;
    expect(result.pick.best.answer).toBe('Refunds are paid within fourteen days of the return.');
    expect(result.pick.source.text).toBe('Refunds are paid within fourteen days of the return.');
    expect(result.ranked[0]?.text).toBe(result.pick.source.text);
  });

  it('a second store over the same workspace reads the knowledge base back without embedding again', async () => {
    const first = createAskStore();
    await first.getState().init();
    await pasteHelp(first);
    const passages = first.getState().passageCount;
    embedded = [];

    const second = createAskStore();
    await second.getState().init();
    expect(second.getState().passageCount).toBe(passages);
    expect(second.getState().documents.map((d) => d.name)).toEqual(['Passwords', 'Refunds', 'Shipping']);
    expect(second.getState().index?.passages).toHaveLength(passages);
    expect(embedded).toEqual([]);
  });

  it('a cancelled question shows cancelled, and its late answer is dropped', async () => {
    let release: (answer: Answer) => void = () => undefined;
    let seenSignal: AbortSignal | undefined;
    setDeps(
      storeDeps(
        workspace,
        fakeClient({
          answer: spanAnswer((_question, _context, options) => {
            seenSignal = options?.signal;
            return new Promise<Answer>((resolve) => (release = resolve));
          }),
        }),
      ),
    );
    const ask = createAskStore();
    ask.getState().setMode('context');
    ask.getState().setContext(HELP.map(([, text]) => text).join('\n\n'));
    ask.getState().setQuestion('When are refunds paid?');
    ask.getState().ask();
    await expect.poll(() => seenSignal).toBeDefined();
    ask.getState().cancelAsk();
    expect(seenSignal?.aborted).toBe(true);
    release({ answer: 'Refunds are paid within fourteen days of the return.', score: 0.99, start: 0, end: 10 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ask.getState()).toMatchObject({ askStatus: 'cancelled', result: null, askError: null });
  });

  it('removing a document deletes its passages from the workspace', async () => {
    const ask = createAskStore();
    await ask.getState().init();
    await pasteHelp(ask);
    const [refunds] = ask.getState().documents.filter((d) => d.name === 'Refunds');
    await ask.getState().remove(refunds!.id);
    expect(ask.getState().job?.status).toBe('done');
    expect(ask.getState().documents.map((d) => d.name)).toEqual(['Passwords', 'Shipping']);
    const stored = await workspace.getAllByIndex('passages', 'byKnowledgeBase', 'default');
    expect(stored.map((p) => p.text).sort()).toEqual(['Passwords are reset from the account page.', 'Shipping is free for orders above fifty euros.']);
  });

  it('an empty pasted text is refused with a reason and leaves the knowledge base as it was', async () => {
    const ask = createAskStore();
    await ask.getState().init();
    await ask.getState().addPasted('Empty', '   ');
    expect(ask.getState().job?.status).toBe('error');
    expect(ask.getState().job?.error).toMatchObject({ code: 'bad-input' });
    expect(await workspace.getAll('knowledgeBases')).toEqual([]);
  });

  it('a Chinese text in an empty knowledge base is embedded with the model for Chinese; later documents keep the knowledge base model', async () => {
    // Online, so the Hub's multilingual model counts as available (the default preset routes zh to it).
    vi.stubGlobal('navigator', { onLine: true });
    try {
      const ask = createAskStore();
      await ask.getState().init();
      expect(assignedModel('embeddings')).toBe('Xenova/all-MiniLM-L6-v2');
      await ask.getState().addPasted('退款', '退款会在退货后十四天内原路退回。运费满五十元免费。密码可以在账户页面重置。');
      expect(ask.getState().job?.status, String(ask.getState().job?.error)).toBe('done');
      expect(ask.getState().embeddingModel).toBe('Xenova/paraphrase-multilingual-MiniLM-L12-v2');
      // One model per index: an English page added later is embedded with the same model, not refused.
      await ask.getState().addPasted('Refunds', 'Refunds are paid within fourteen days of the return.');
      expect(ask.getState().job?.status, String(ask.getState().job?.error)).toBe('done');
      expect(ask.getState().embeddingModel).toBe('Xenova/paraphrase-multilingual-MiniLM-L12-v2');
      expect(ask.getState().documents).toHaveLength(2);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  describe('offline, where no loadable embeddings model covers Chinese', () => {
    const CHINESE = '退款会在退货后十四天内原路退回。运费满五十元免费。密码可以在账户页面重置。';
    beforeEach(() => vi.stubGlobal('navigator', { onLine: false }));
    afterEach(() => vi.unstubAllGlobals());

    it('a Chinese text for an empty knowledge base waits before embedding; Cancel stores nothing and the next import runs', async () => {
      const ask = createAskStore();
      await ask.getState().init();
      const adding = ask.getState().addPasted('退款', CHINESE);
      await expect.poll(() => ask.getState().job?.status).toBe('confirm');
      const waiting = ask.getState().job;
      expect(waiting?.status === 'confirm' && waiting.languages.zh).toBeGreaterThan(0.9);
      expect(embedded).toEqual([]);
      ask.getState().cancelJob();
      await adding;
      expect(ask.getState().job).toMatchObject({ status: 'cancelled', nothingStored: true });
      expect(embedded).toEqual([]);
      expect(await workspace.getAll('knowledgeBases')).toEqual([]);
      expect(await workspace.getAll('passages')).toEqual([]);
      // Declining left nothing behind: an English page goes straight through.
      await ask.getState().addPasted('Refunds', 'Refunds are paid within fourteen days of the return.');
      expect(ask.getState().job?.status, String(ask.getState().job?.error)).toBe('done');
      expect(ask.getState().passageCount).toBe(1);
    });

    it('"import anyway" embeds with the routed model, and later files of the knowledge base are not asked again', async () => {
      const ask = createAskStore();
      await ask.getState().init();
      const adding = ask.getState().addPasted('退款', CHINESE);
      await expect.poll(() => ask.getState().job?.status).toBe('confirm');
      ask.getState().confirmImport();
      await adding;
      expect(ask.getState().job?.status, String(ask.getState().job?.error)).toBe('done');
      expect(ask.getState().embeddingModel).toBe(assignedModel('embeddings'));
      expect(embedded.length).toBeGreaterThan(0);
      await ask.getState().addPasted('运费', '运费满五十元免费。');
      expect(ask.getState().job?.status).toBe('done');
      expect(ask.getState().documents).toHaveLength(2);
    });
  });

  it('a malformed passage in the workspace is left out on read: the knowledge base loads, counts and answers without it', async () => {
    const first = createAskStore();
    await first.getState().init();
    await pasteHelp(first);
    await workspace.put('passages', { id: 'bad-passage', knowledgeBaseId: 'default', docId: 3, text: null, vector: 'x' } as never);
    const ask = createAskStore();
    await ask.getState().init();
    expect(ask.getState().loadError).toBeNull();
    expect(ask.getState().passageCount).toBe(3);
    expect(ask.getState().index?.passages.map((passage) => passage.id)).not.toContain('bad-passage');
  });
});
