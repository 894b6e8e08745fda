import { describe, expect, it } from 'vitest';
import { isLengthPreset, LENGTH_PRESETS, summaryLength } from '../../../src/content/lengthPresets';

describe('summaryLength', () => {
  it('scales with the input: short < medium < long for a typical input', () => {
    const [short, medium, long] = LENGTH_PRESETS.map((p) => summaryLength(p, 400));
    expect(short).toEqual({ maxNewTokens: 48, minNewTokens: 24 });
    expect(medium).toEqual({ maxNewTokens: 100, minNewTokens: 50 });
    expect(long).toEqual({ maxNewTokens: 160, minNewTokens: 80 });
    expect(summaryLength('medium', 2000).maxNewTokens).toBeGreaterThan(summaryLength('medium', 200).maxNewTokens);
  });

  it('is capped for very long inputs and has a floor for short ones', () => {
    expect(summaryLength('short', 100_000).maxNewTokens).toBe(64);
    expect(summaryLength('long', 100_000).maxNewTokens).toBe(256);
    expect(summaryLength('medium', 60).maxNewTokens).toBe(32);
  });

  it('never asks for a summary longer than a tiny input', () => {
    for (const preset of LENGTH_PRESETS) {
      const length = summaryLength(preset, 12);
      expect(length.maxNewTokens).toBe(12);
      expect(length.minNewTokens).toBeLessThanOrEqual(length.maxNewTokens);
    }
    expect(summaryLength('long', 0).maxNewTokens).toBe(8);
    expect(summaryLength('long', Number.NaN).maxNewTokens).toBe(8);
  });

  it('respects a ceiling such as the model output limit', () => {
    expect(summaryLength('long', 5000, { ceiling: 100 })).toEqual({ maxNewTokens: 100, minNewTokens: 50 });
    expect(summaryLength('short', 5000, { ceiling: 0 }).maxNewTokens).toBe(1);
  });

  it('always gives 1 ≤ min ≤ max', () => {
    for (const preset of LENGTH_PRESETS) {
      for (const input of [0, 1, 5, 50, 333, 5000]) {
        const { minNewTokens, maxNewTokens } = summaryLength(preset, input);
        expect(minNewTokens).toBeGreaterThanOrEqual(1);
        expect(minNewTokens).toBeLessThanOrEqual(maxNewTokens);
      }
    }
  });

  it('recognises preset names', () => {
    expect(isLengthPreset('medium')).toBe(true);
    expect(isLengthPreset('huge')).toBe(false);
    expect(isLengthPreset(undefined)).toBe(false);
  });
});
