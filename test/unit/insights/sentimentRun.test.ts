import { describe, expect, it } from 'vitest';
import { polarityOf, signedScore } from '../../../src/insights/sentiment';
import {
  approxTokens,
  chunkLongText,
  combineByRow,
  combineChunkScores,
  createRunState,
  expandChunks,
  planBatches,
  recordResults,
  remainingIds,
  runProgress,
} from '../../../src/insights/sentimentRun';

describe('label mapping', () => {
  it('folds SST-2, star, three-way and LABEL_n labels into polarity and a signed score', () => {
    expect(['POSITIVE', 'NEGATIVE', 'neutral', '1 star', '3 stars', '5 stars', 'LABEL_0', 'LABEL_1', 'whatever'].map((l) => polarityOf(l))).toEqual([
      'positive',
      'negative',
      'neutral',
      'negative',
      'neutral',
      'positive',
      'negative',
      'positive',
      null,
    ]);
    expect(polarityOf('LABEL_1', 3)).toBe('neutral');
    expect(signedScore({ label: 'NEGATIVE', score: 0.9 })).toBe(-0.9);
    expect(signedScore({ label: '4 stars', score: 0.8 })).toBeCloseTo(0.4);
    expect(signedScore({ label: '1 star', score: 0.8 })).toBeCloseTo(-0.8);
    expect(signedScore({ label: '??', score: 1 })).toBeNull();
  });
});

describe('planBatches', () => {
  it('sorts by length, respects batch size and padded characters, and covers every row once', () => {
    const texts = ['aaaaaaaaaa', 'a', 'aaaaa', 'aa', 'aaaaaaaaaaaaaaaaaaaa', 'aaa', ''];
    const batches = planBatches(texts, { batchSize: 3, maxChars: 12 });
    expect(batches).toEqual([[6, 1, 3], [5, 2], [0], [4]]);
    expect(batches.flat().sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
    for (const batch of batches) {
      const longest = Math.max(...batch.map((i) => texts[i]!.length));
      expect(batch.length <= 3).toBe(true);
      if (batch.length > 1) expect(batch.length * longest).toBeLessThanOrEqual(12);
    }
  });

  it('plans 100,000 rows quickly', () => {
    const texts = Array.from({ length: 100_000 }, (_, i) => 'x'.repeat(i % 500));
    const started = performance.now();
    const batches = planBatches(texts, { batchSize: 32, maxChars: 32 * 512 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(batches.reduce((n, b) => n + b.length, 0)).toBe(100_000);
  });
});

describe('chunkLongText', () => {
  it('keeps short text whole', () => {
    expect(chunkLongText('Short review.', 128)).toEqual(['Short review.']);
  });

  it('cuts between sentences, each chunk under the limit, nothing dropped', () => {
    const sentences = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} says the battery is weak.`);
    const text = sentences.join(' ');
    const chunks = chunkLongText(text, 64);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(approxTokens(chunk)).toBeLessThanOrEqual(64);
      expect(chunk.endsWith('.')).toBe(true); // sentence-bounded
    }
    expect(chunks.join(' ')).toBe(text);
  });

  it('splits Chinese by 。！？ and counts one token per character', () => {
    const text = '送餐太慢了。'.repeat(30);
    expect(approxTokens('送餐太慢了。')).toBe(6);
    const chunks = chunkLongText(text, 20);
    expect(chunks.every((c) => approxTokens(c) <= 20 && c.endsWith('。'))).toBe(true);
    expect(chunks.join('')).toBe(text);
  });

  it('splits a single 200,000-character sentence linearly, at spaces, losing nothing', () => {
    const text = 'word '.repeat(40_000).trim();
    const started = performance.now();
    const chunks = chunkLongText(text, 512);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(chunks.every((c) => approxTokens(c) <= 512)).toBe(true);
    expect(chunks.every((c) => !c.startsWith(' ') && !c.endsWith(' ') && c.startsWith('word'))).toBe(true);
    expect(chunks.join(' ')).toBe(text);
    const unspaced = '好'.repeat(1000);
    expect(chunkLongText(unspaced, 300).map((c) => c.length)).toEqual([300, 300, 300, 100]);
  });
});

describe('combineChunkScores', () => {
  it('takes the length-weighted mean of signed scores', () => {
    const combined = combineChunkScores([
      { label: 'POSITIVE', score: 0.9, length: 300 },
      { label: 'NEGATIVE', score: 0.8, length: 100 },
    ]);
    expect(combined.signed).toBeCloseTo((0.9 * 300 - 0.8 * 100) / 400);
    expect(combined.label).toBe('positive');
    expect(combined.score).toBeCloseTo(combined.signed);
  });

  it('reads a balanced review as neutral and weights by text length when given text', () => {
    const mixed = combineChunkScores([
      { label: 'POSITIVE', score: 0.9, text: 'x'.repeat(100) },
      { label: 'NEGATIVE', score: 0.9, text: 'y'.repeat(100) },
    ]);
    expect(mixed).toEqual({ label: 'neutral', score: 1, signed: 0 });
    const negative = combineChunkScores([
      { label: '1 star', score: 0.9, text: 'x'.repeat(300) },
      { label: '5 stars', score: 0.6, text: 'y'.repeat(100) },
    ]);
    expect(negative.label).toBe('negative');
  });
});

describe('expandChunks and combineByRow', () => {
  it('classifies long rows in chunks and short rows as they are', () => {
    const long = Array.from({ length: 20 }, (_, i) => `Part ${i} is fine.`).join(' ');
    const units = expandChunks(['Great.', long, ''], 16);
    expect(units.filter((u) => u.row === 0)).toEqual([{ row: 0, text: 'Great.' }]);
    expect(units.filter((u) => u.row === 1).length).toBeGreaterThan(1);
    const results = units.map((u) => (u.row === 0 ? { label: 'POSITIVE', score: 0.75 } : { label: 'NEGATIVE', score: 0.9 }));
    const rows = combineByRow(3, units, results);
    expect(rows[0]).toEqual({ label: 'positive', score: 0.75, signed: 0.75 }); // one chunk: the model's own confidence
    expect(rows[1]).toMatchObject({ label: 'negative' });
    expect(rows[1]!.signed).toBeCloseTo(-0.9);
  });
});

describe('run state', () => {
  it('lists the remaining ids in order, from a set, a list or a state', () => {
    const all = ['a', 'b', 'c', 'd'];
    expect(remainingIds(all, new Set(['b']))).toEqual(['a', 'c', 'd']);
    expect(remainingIds(all, ['a', 'd'])).toEqual(['b', 'c']);
    let state = createRunState<number>();
    state = recordResults(state, [
      ['a', 1],
      ['c', 3],
    ]);
    expect(remainingIds(all, state)).toEqual(['b', 'd']);
    expect(runProgress(all, state)).toEqual({ done: 2, total: 4 });
  });

  it('does not mutate the old state and stores an id named "__proto__" as data', () => {
    const before = createRunState<string>();
    const after = recordResults(before, [
      ['__proto__', 'x'],
      ['toString', 'y'],
    ]);
    expect(Object.keys(before.finished)).toEqual([]);
    expect(Object.keys(after.finished)).toEqual(['__proto__', 'toString']);
    expect(remainingIds(['__proto__', 'toString', 'z'], after)).toEqual(['z']);
    const revived = JSON.parse(JSON.stringify(after)) as typeof after;
    expect(runProgress(['__proto__', 'z'], revived)).toEqual({ done: 1, total: 2 });
  });
});
