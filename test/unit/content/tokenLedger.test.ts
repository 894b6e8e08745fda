import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/content/chunking';
import { TokenLedger } from '../../../src/content/tokenLedger';

describe('TokenLedger', () => {
  it('returns measured counts exactly, ignoring surrounding whitespace', () => {
    const ledger = new TokenLedger({ base: 5 });
    ledger.learn('The customer wants a refund.', 12);
    expect(ledger.count('The customer wants a refund.')).toBe(12);
    expect(ledger.count('  The customer wants a refund.\n')).toBe(12);
  });

  it('counts joined partial summaries as the base once plus each part and one per join', () => {
    const ledger = new TokenLedger({ base: 5 });
    ledger.learn('First part.', 9); // 4 tokens of text
    ledger.learn('Second part.', 11); // 6 tokens of text
    expect(ledger.count('First part.\nSecond part.')).toBe(5 + 4 + 6 + 1);
    expect(ledger.count('First part.\n\nSecond part.\n')).toBe(16);
  });

  it('over-estimates text it never measured, so it errs towards re-chunking', () => {
    const ledger = new TokenLedger({ base: 3 });
    const text = 'an unmeasured sentence with several words';
    expect(ledger.count(text)).toBe(3 + Math.ceil(estimateTokens(text) * 1.5));
    expect(ledger.count(text)).toBeGreaterThan(estimateTokens(text));
    expect(ledger.count('')).toBe(3);
  });

  it('ignores impossible counts', () => {
    const ledger = new TokenLedger({ base: 2 });
    ledger.learn('x', Number.NaN);
    ledger.learn('y', -1);
    expect(ledger.count('x')).toBe(2 + Math.ceil(estimateTokens('x') * 1.5));
  });
});
