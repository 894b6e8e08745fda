import { describe, expect, it } from 'vitest';
import { clipText } from '../../src/ui/format';

describe('clipText', () => {
  it('keeps a text that fits, whole and without a mark', () => {
    expect(clipText('short review', 12)).toBe('short review');
    expect(clipText('', 5)).toBe('');
  });

  it('cuts a longer text to the limit and marks the cut', () => {
    expect(clipText('the battery dies by noon', 11)).toBe('the battery…');
    expect(clipText('电池不耐用，屏幕很好', 5)).toBe('电池不耐用…');
  });

  it('never splits a surrogate pair: the emoji or rare character on the limit is left out whole', () => {
    const text = 'ok 👍 great';
    // '👍' is two UTF-16 units at 3 and 4: a cut at 4 would keep half of it.
    expect(clipText(text, 4)).toBe('ok …');
    expect(clipText(text, 5)).toBe('ok 👍…');
    const rare = '𠮷野家的牛肉饭';
    expect(clipText(rare, 1)).toBe('…');
    expect(clipText(rare, 2)).toBe('𠮷…');
  });
});
