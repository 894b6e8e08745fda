import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AutoTokenizer, env, type PreTrainedTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { chunkByTokens, chunkByTokensAsync, estimateTokens, type CountTokens, type TextChunk } from '../../../src/content/chunking';
import { splitSentences } from '../../../src/content/sentences';
import { WorkbenchError } from '../../../src/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const sharedDir = path.resolve(here, '../../../../shared');

const words: CountTokens = (s) => s.split(/\s+/).filter(Boolean).length;

/** The checks every chunking must pass, whatever the counter. */
function expectValidChunks(source: string, chunks: TextChunk[], countTokens: CountTokens, maxTokens: number) {
  chunks.forEach((chunk, i) => {
    expect(chunk.index).toBe(i);
    expect(chunk.text.trim()).not.toBe('');
    expect(source.slice(chunk.start, chunk.end)).toBe(chunk.text);
    expect(chunk.tokens).toBe(countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(maxTokens);
    if (i > 0) {
      const previous = chunks[i - 1] as TextChunk;
      expect(chunk.start).toBeGreaterThan(previous.start); // progress
      expect(chunk.end).toBeGreaterThan(previous.end); // every chunk brings new text
      // No gap: anything between two chunks is whitespace.
      if (chunk.start > previous.end) expect(source.slice(previous.end, chunk.start).trim()).toBe('');
    }
  });
  // Every non-space character is in some chunk: nothing is dropped.
  const covered = new Uint8Array(source.length);
  for (const chunk of chunks) covered.fill(1, chunk.start, chunk.end);
  let firstUncovered = -1;
  for (let i = 0; i < source.length && firstUncovered < 0; i++) if (!covered[i] && !/\s/.test(source[i] as string)) firstUncovered = i;
  expect(firstUncovered).toBe(-1);
}

function numberedSentences(n: number): string {
  return Array.from({ length: n }, (_, i) => `Sentence number ${i} has six words.`).join(' ');
}

describe('chunkByTokens with a whitespace counter', () => {
  it('keeps text that fits in one chunk', () => {
    const text = 'One short text. Two sentences.';
    expect(chunkByTokens(text, { countTokens: words, maxTokens: 50 })).toEqual([{ index: 0, text, start: 0, end: text.length, tokens: 5 }]);
  });

  it('gives no chunks for empty or whitespace-only input', () => {
    expect(chunkByTokens('', { countTokens: words, maxTokens: 10 })).toEqual([]);
    expect(chunkByTokens(' \n\n\t ', { countTokens: words, maxTokens: 10 })).toEqual([]);
  });

  it('cuts at sentence boundaries and packs chunks to the limit', () => {
    const text = numberedSentences(10); // 6 words each
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 20 });
    expectValidChunks(text, chunks, words, 20);
    expect(chunks.map((c) => c.tokens)).toEqual([18, 18, 18, 6]);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^Sentence number \d+.*words\.$/);
  });

  it('overlaps consecutive chunks by whole sentences within the overlap budget', () => {
    const text = numberedSentences(12);
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 20, overlapTokens: 7 });
    expectValidChunks(text, chunks, words, 20);
    expect(chunks.length).toBeGreaterThan(4);
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1] as TextChunk;
      const chunk = chunks[i] as TextChunk;
      const shared = text.slice(chunk.start, previous.end);
      expect(shared.length).toBeGreaterThan(0);
      expect(words(shared)).toBeLessThanOrEqual(7);
      // The shared text is whole sentences: it starts where a sentence starts.
      expect(shared).toMatch(/^Sentence number \d+ has six words\.$/);
    }
  });

  it('has no overlap when overlapTokens is 0, and overlap never repeats a whole chunk', () => {
    const text = numberedSentences(8);
    const plain = chunkByTokens(text, { countTokens: words, maxTokens: 12 });
    for (let i = 1; i < plain.length; i++) expect((plain[i] as TextChunk).start).toBeGreaterThanOrEqual((plain[i - 1] as TextChunk).end);
    // Budget larger than a whole chunk: still progresses by at least one sentence per chunk.
    const heavy = chunkByTokens(text, { countTokens: words, maxTokens: 12, overlapTokens: 11 });
    expectValidChunks(text, heavy, words, 12);
    expect(heavy.length).toBe(7);
  });

  it('carries no overlap when the overlap plus the next sentence would not fit', () => {
    const text = 'a b c. d e f. g h i j k l m n o p.';
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 12, overlapTokens: 6 });
    expectValidChunks(text, chunks, words, 12);
    expect(chunks.map((c) => c.text)).toEqual(['a b c. d e f.', 'g h i j k l m n o p.']);
  });

  it('never ends a chunk at a paragraph break inside the overlap it carried', () => {
    const text = 'A a a. B b b.\n\nC c c. D d d.\n\nE e e. F f f.\n\nG g g. H h h.';
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 12, overlapTokens: 9 });
    expectValidChunks(text, chunks, words, 12);
    expect(chunks.map((c) => c.text.replace(/\n\n/g, ' ').replace(/ [a-h] [a-h]\./g, ''))).toEqual(['A B C D', 'B C D E', 'C D E F', 'D E F G', 'E F G H']);
  });

  it('prefers to end a chunk at a paragraph break', () => {
    const paragraph = (tag: string, n: number) => Array.from({ length: n }, (_, i) => `${tag} sentence ${i} here.`).join(' ');
    const text = `${paragraph('Alpha', 3)}\n\n${paragraph('Beta', 3)}\n\n${paragraph('Gamma', 3)}`;
    // 4 words a sentence, 12 a paragraph: greedy packing would take 1.5 paragraphs per chunk.
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 18 });
    expectValidChunks(text, chunks, words, 18);
    expect(chunks.map((c) => c.text)).toEqual(text.split('\n\n'));
    const greedy = chunkByTokens(text, { countTokens: words, maxTokens: 18, preferParagraphs: false });
    expect(greedy[0]?.tokens).toBe(16);
  });

  it('splits a sentence longer than the limit at word boundaries', () => {
    const long = Array.from({ length: 95 }, (_, i) => `w${i}`).join(' ');
    const text = `Short start. ${long}. Short end.`;
    const chunks = chunkByTokens(text, { countTokens: words, maxTokens: 10 });
    expectValidChunks(text, chunks, words, 10);
    expect(chunks.length).toBe(11);
    // Cuts fall only on the single spaces between words: joining with a space restores the text.
    expect(chunks.map((c) => c.text).join(' ')).toBe(text);
  });

  it('cuts a single word longer than the limit between characters', () => {
    const counter: CountTokens = (s) => Math.ceil(s.replace(/\s/g, '').length / 5); // 5 chars per token
    const word = 'x'.repeat(53);
    const text = `Go to ${word} now.`;
    const chunks = chunkByTokens(text, { countTokens: counter, maxTokens: 4 });
    expectValidChunks(text, chunks, counter, 4);
    expect(
      chunks
        .map((c) => c.text)
        .join('')
        .replace(/[^x]/g, ''),
    ).toBe(word);
  });

  it('never splits a surrogate pair', () => {
    const counter: CountTokens = (s) => s.length; // UTF-16 units: an emoji counts 2
    const text = '😀😀😀😀😀';
    const chunks = chunkByTokens(text, { countTokens: counter, maxTokens: 3 });
    expectValidChunks(text, chunks, counter, 3);
    expect(chunks.map((c) => c.text)).toEqual(['😀', '😀', '😀', '😀', '😀']);
  });

  it('rejects a limit no text can meet, and invalid options', () => {
    const plusTwo: CountTokens = (s) => s.length + 2;
    expect(() => chunkByTokens('abc', { countTokens: plusTwo, maxTokens: 2 })).toThrow(WorkbenchError);
    expect(() => chunkByTokens('abc', { countTokens: words, maxTokens: 0 })).toThrow(/maxTokens/);
    expect(() => chunkByTokens('abc', { countTokens: words, maxTokens: 5, overlapTokens: 5 })).toThrow(/overlapTokens/);
    try {
      chunkByTokens('abc', { countTokens: words, maxTokens: 2.5 });
      expect.unreachable();
    } catch (error) {
      expect((error as WorkbenchError).code).toBe('bad-input');
    }
  });

  it('stays within the limit even when the counter is not additive', () => {
    // Counts a fixed overhead per call (like </s>), so sentence counts do not add up.
    const withEos: CountTokens = (s) => words(s) + 1;
    const text = numberedSentences(9);
    const chunks = chunkByTokens(text, { countTokens: withEos, maxTokens: 19, overlapTokens: 7 });
    expectValidChunks(text, chunks, withEos, 19);
    expect(chunks[0]?.tokens).toBe(19);
  });

  it('tokenizes a large input only a few times over', () => {
    let countedChars = 0;
    const counting: CountTokens = (s) => {
      countedChars += s.length;
      return words(s);
    };
    const text = numberedSentences(3000);
    const chunks = chunkByTokens(text, { countTokens: counting, maxTokens: 500, overlapTokens: 50 });
    expectValidChunks(text, chunks, words, 500);
    // Each sentence once, then a few window-sized counts per chunk (a guided search), not a
    // count per added sentence, which would tokenize the text ~40 times over.
    expect(countedChars / text.length).toBeLessThan(4.5);
  });
});

describe('chunkByTokens on CJK text', () => {
  const sentence = (i: number) => `这是第${i}个句子，内容很简单。`;
  const text = Array.from({ length: 40 }, (_, i) => sentence(i)).join('');

  it('chunks Chinese text without spaces at sentence boundaries', () => {
    const chunks = chunkByTokens(text, { countTokens: estimateTokens, maxTokens: 60, overlapTokens: 15 });
    expectValidChunks(text, chunks, estimateTokens, 60);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.text.startsWith('这是第')).toBe(true);
      expect(chunk.text.endsWith('。')).toBe(true);
    }
    expect(chunks[1]!.start).toBeLessThan(chunks[0]!.end); // overlap
  });

  it('cuts an over-long CJK sentence between characters', () => {
    const long = '我'.repeat(50) + '。';
    const chunks = chunkByTokens(long, { countTokens: estimateTokens, maxTokens: 8 });
    expectValidChunks(long, chunks, estimateTokens, 8);
    expect(chunks.map((c) => c.text).join('')).toBe(long);
    expect(chunks.every((c) => c.tokens === 8 || c === chunks[chunks.length - 1])).toBe(true);
  });

  it('estimateTokens counts CJK per character and long Latin words as several', () => {
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('hello, world')).toBe(3);
    expect(estimateTokens('internationalization')).toBe(4);
    expect(estimateTokens('   ')).toBe(0);
  });
});

describe('chunkByTokens with the real T5 tokenizer', () => {
  let tokenizer: PreTrainedTokenizer;
  // What the summarization pipeline feeds the model: the config's prefix, the text and </s>.
  const t5Count: CountTokens = (s) => tokenizer.encode(`summarize: ${s}`).length;

  beforeAll(async () => {
    env.localModelPath = path.join(sharedDir, 'models');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    tokenizer = await AutoTokenizer.from_pretrained('tiny/t5-summarizer');
  });

  it('keeps every chunk of long support dialogs within the 512-token window', () => {
    const dialogs = readFileSync(path.join(sharedDir, 'datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(0, 12)
      .map((line) => (JSON.parse(line) as { text: string }).text);
    const text = dialogs.join('\n\n');
    expect(t5Count(text)).toBeGreaterThan(1500); // really needs splitting

    const chunks = chunkByTokens(text, { countTokens: t5Count, maxTokens: 512, overlapTokens: 64 });
    expectValidChunks(text, chunks, t5Count, 512);
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < chunks.length; i++) {
      const overlap = text.slice(chunks[i]!.start, chunks[i - 1]!.end);
      expect(overlap.trim()).not.toBe('');
      expect(tokenizer.encode(overlap).length).toBeLessThanOrEqual(64 + 6); // prefix/eos differences
    }
    // Chunks start at line starts: dialog turns are never cut in the middle.
    for (const chunk of chunks) expect(text.slice(0, chunk.start)).toMatch(/(?:^|[\n.!?])\s*$/);
  });

  it('splits a single sentence longer than the window into parts that fit', () => {
    const text = `${Array.from({ length: 400 }, (_, i) => `token${i}`).join(' ')}.`;
    const chunks = chunkByTokens(text, { countTokens: t5Count, maxTokens: 128 });
    expectValidChunks(text, chunks, t5Count, 128);
    expect(chunks.length).toBeGreaterThan(5);
    for (const chunk of chunks) expect(chunk.text).toMatch(/^token\d+( token\d+)*\.?$/);
  });

  it('tokenizes the text about twice: each piece once, each chunk once to check it', () => {
    const text = numberedSentences(3000);
    let counted = 0;
    const counting: CountTokens = (s) => {
      counted += s.length;
      return t5Count(s);
    };
    const chunks = chunkByTokens(text, { countTokens: counting, maxTokens: 512, overlapTokens: 64 });
    expectValidChunks(text, chunks, t5Count, 512);
    // T5's "summarize: " ends in a space that is a token only when nothing follows it: the
    // per-call overhead is calibrated, so the pieces add up exactly and no chunk is re-measured.
    expect(counted / text.length).toBeLessThan(2.5);
    expect(Math.min(...chunks.slice(0, -1).map((c) => c.tokens))).toBeGreaterThan(490);
  });

  it('chunks to a small window exactly at the limit the tokenizer reports', () => {
    const text = splitSentences(numberedSentences(30))
      .map((s) => s.text)
      .join('\n');
    const chunks = chunkByTokens(text, { countTokens: t5Count, maxTokens: 40, overlapTokens: 10 });
    expectValidChunks(text, chunks, t5Count, 40);
    expect(Math.max(...chunks.map((c) => c.tokens))).toBeGreaterThan(30); // packed, not one sentence each
  });
});

describe('chunkByTokensAsync: long inputs, progress and cancel', () => {
  /** A counter that records every call, to prove how much tokenizing a chunking costs. */
  function recording(counter: CountTokens) {
    const calls: number[] = [];
    const countTokens: CountTokens = (s) => {
      calls.push(s.length);
      return counter(s);
    };
    return { countTokens, calls };
  }

  it('gives the same chunks as chunkByTokens, reports progress up to the end and the total token count', async () => {
    const text = numberedSentences(2000);
    const progress: Array<{ done: number; total: number }> = [];
    const result = await chunkByTokensAsync(text, { countTokens: words, maxTokens: 100, overlapTokens: 10, sliceMs: 0, onProgress: (p) => progress.push(p) });
    expect(result.chunks).toEqual(chunkByTokens(text, { countTokens: words, maxTokens: 100, overlapTokens: 10 }));
    expect(result.inputTokens).toBe(words(text));
    expect(progress.length).toBeGreaterThan(10);
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.done).toBeGreaterThanOrEqual(progress[i - 1]!.done);
    expect(progress.at(-1)).toEqual({ done: text.length, total: text.length });
  });

  it('stops when cancelled mid-way and rejects with cancelled', async () => {
    const text = numberedSentences(20_000);
    const { countTokens, calls } = recording(words);
    const controller = new AbortController();
    let callsAtAbort = -1;
    const run = chunkByTokensAsync(text, {
      countTokens,
      maxTokens: 100,
      sliceMs: 0,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done > text.length / 10 && callsAtAbort < 0) {
          callsAtAbort = calls.length;
          controller.abort();
        }
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(callsAtAbort).toBeGreaterThan(0);
    expect(calls.length).toBe(callsAtAbort); // not one count after the cancel
    // Nothing starts on a signal that is already aborted.
    await expect(chunkByTokensAsync(text, { countTokens, maxTokens: 100, signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(calls.length).toBe(callsAtAbort);
  });

  it('cuts one 200,000-character line with a bounded number of short counts', () => {
    const line = 'feedback about the checkout flow and the slow search page '.repeat(3500).slice(0, 200_000);
    const { countTokens, calls } = recording(estimateTokens);
    const chunks = chunkByTokens(line, { countTokens, maxTokens: 512, overlapTokens: 64 });
    expectValidChunks(line, chunks, estimateTokens, 512);
    expect(chunks.length).toBeGreaterThan(60);
    // Not a count per word (~34,000 words), nor a count of the whole line.
    expect(calls.length).toBeLessThan(chunks.length * 25);
    expect(Math.max(...calls)).toBeLessThan(8_000);
    expect(calls.reduce((a, b) => a + b, 0) / line.length).toBeLessThan(4);
    // Chunks are filled: a cut falls inside the line only where the window is full.
    for (const chunk of chunks.slice(0, -1)) expect(chunk.tokens).toBeGreaterThan(480);
  });

  it('cuts a 100,000-character word (base64, a hash) between characters in bounded counts', () => {
    const word = 'QmFzZTY0'.repeat(12_500);
    const text = `Attachment: ${word} end.`;
    const counter: CountTokens = (s) => Math.ceil(s.replace(/\s/g, '').length / 4);
    const { countTokens, calls } = recording(counter);
    const chunks = chunkByTokens(text, { countTokens, maxTokens: 256 });
    expectValidChunks(text, chunks, counter, 256);
    expect(calls.length).toBeLessThan(chunks.length * 30);
    expect(Math.max(...calls)).toBeLessThan(8_000);
  });
});
