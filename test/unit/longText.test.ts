/**
 * The worker's limits for long inputs: the one-window guard of summarize (never cut, never hang)
 * and token counts of long texts in bounded, cancellable pieces.
 */
import { describe, expect, it } from 'vitest';
import type { CountTokens } from '../../src/content/chunking';
import { countTokensSliced, MAX_CHUNK_CHARS, requireChunkableSize, requireFitsWindow } from '../../src/workers/longText';
import { WorkbenchError } from '../../src/core';

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
/** Like the summarizer sees it: a prefix and an end-of-sequence token around the words. */
const withPrefix: CountTokens = (s) => words(s) + 3;

function recording(counter: CountTokens) {
  const calls: number[] = [];
  return {
    calls,
    countTokens: ((s: string) => {
      calls.push(s.length);
      return counter(s);
    }) as CountTokens,
  };
}

function caught(run: () => unknown): WorkbenchError {
  try {
    run();
  } catch (error) {
    if (error instanceof WorkbenchError) return error;
    throw error;
  }
  throw new Error('expected a WorkbenchError');
}

describe('requireFitsWindow (the summarize op)', () => {
  it('accepts a text that fits and returns its count', () => {
    expect(requireFitsWindow('A short review of the app.', 512, withPrefix)).toBe(9);
  });

  it('rejects a text over the window with its token count, the window and what to do instead', () => {
    const text = Array.from({ length: 600 }, (_, i) => `w${i}`).join(' ');
    const error = caught(() => requireFitsWindow(text, 512, withPrefix));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('603 tokens');
    expect(error.message).toContain('512');
    expect(error.message).toMatch(/cut/);
    expect(error.message).toMatch(/chunk\(\)/);
    expect(error.message).toMatch(/Summarize app/);
  });

  it('rejects 10 MB at once by its length, without tokenizing it', () => {
    const { countTokens, calls } = recording(withPrefix);
    const text = 'Love the new dashboard. '.repeat(440_000);
    const started = performance.now();
    const error = caught(() => requireFitsWindow(text, 512, countTokens));
    expect(performance.now() - started).toBeLessThan(500);
    expect(calls).toEqual([]);
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('10,560,000 characters');
  });

  it('does not reject a text for white space alone: it is counted', () => {
    const text = `${' '.repeat(100_000)}Short text.${'\n'.repeat(50_000)}`;
    const { countTokens, calls } = recording(withPrefix);
    expect(requireFitsWindow(text, 512, countTokens)).toBe(5);
    expect(Math.max(...calls)).toBeLessThan(8_200); // in pieces, never one huge call
  });
});

describe('requireChunkableSize', () => {
  it('names the size and the limit', () => {
    const error = caught(() => requireChunkableSize('x'.repeat(MAX_CHUNK_CHARS + 1)));
    expect(error.code).toBe('bad-input');
    expect(error.message).toContain('20,000,001 characters');
    expect(error.message).toContain('20,000,000');
    expect(() => requireChunkableSize('fine')).not.toThrow();
  });
});

describe('countTokensSliced (the tokenize op)', () => {
  it('counts short texts in one call each, and a long one in pieces that add up', async () => {
    const long = Array.from({ length: 20_000 }, (_, i) => `Row ${i}: the export is slow.`).join('\n');
    const { countTokens, calls } = recording(withPrefix);
    const counts = await countTokensSliced(['one two', '', long], countTokens);
    expect(counts).toEqual([5, 3, words(long) + 3]);
    expect(Math.max(...calls)).toBeLessThanOrEqual(2048);
  });

  it('reports progress and stops when cancelled', async () => {
    const long = 'word '.repeat(400_000);
    const controller = new AbortController();
    const progress: number[] = [];
    const counter: CountTokens = (s) => {
      const until = performance.now() + 0.05;
      while (performance.now() < until) {
        // busy: a tokenizer that takes 0.05 ms per call
      }
      return words(s) + 3;
    };
    const run = countTokensSliced([long], counter, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.done);
        controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(progress).toHaveLength(1);
    expect(progress[0]).toBeLessThan(long.length);
  });
});
