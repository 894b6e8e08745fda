import { describe, expect, it } from 'vitest';
import { DEFAULT_RELEVANCE, highlightSpans, pickAnswer, type AnswerCandidate } from '../../../src/content/answering';

const passages = [
  { id: 'p1', score: 0.82, text: 'Masks reduce spread.' },
  { id: 'p2', score: 0.91, text: 'The virus spreads by droplets.' },
  { id: 'p3', score: 0.4, text: 'Wash your hands.' },
  { id: 'p4', score: 0.77, text: 'Symptoms include fever.' },
];
const c = (passageId: string, answer: string, score: number): AnswerCandidate => ({ passageId, answer, score, start: 0, end: answer.length });

describe('pickAnswer', () => {
  it('returns the highest-scoring candidate with its source passage', () => {
    const result = pickAnswer([c('p1', 'Masks', 0.3), c('p2', 'droplets', 0.6), c('p4', 'fever', 0.5)], { threshold: 0.25, passages });
    expect(result).toEqual({ kind: 'answer', best: c('p2', 'droplets', 0.6), source: passages[1] });
  });

  it('accepts a score exactly at the threshold and rejects one just below', () => {
    expect(pickAnswer([c('p1', 'Masks', 0.5)], { threshold: 0.5, passages }).kind).toBe('answer');
    const below = pickAnswer([c('p1', 'Masks', 0.4999)], { threshold: 0.5, passages });
    expect(below.kind).toBe('no-answer');
  });

  it('below the threshold, shows the closest passages by retrieval score and the best guess', () => {
    const result = pickAnswer([c('p3', 'hands', 0.1), c('p1', 'Masks', 0.2)], { threshold: 0.3, passages });
    expect(result).toEqual({ kind: 'no-answer', closest: [passages[1], passages[0], passages[3]], bestGuess: c('p1', 'Masks', 0.2) });
  });

  it('with no candidates, says no answer without a guess, honouring maxClosest', () => {
    const result = pickAnswer([], { threshold: 0.1, passages, maxClosest: 2 });
    expect(result).toEqual({ kind: 'no-answer', closest: [passages[1], passages[0]] });
  });

  it('ignores empty answers, non-finite scores and unknown passages', () => {
    const result = pickAnswer([c('p1', '   ', 0.99), c('p2', 'x', Number.NaN), c('zz', 'ghost', 0.95), c('p4', 'fever', 0.35)], {
      threshold: 0.3,
      passages,
    });
    expect(result).toMatchObject({ kind: 'answer', best: { answer: 'fever' }, source: { id: 'p4' } });
  });

  it('breaks score ties in favour of the passage retrieval ranked first', () => {
    const ranked = [...passages].sort((a, b) => b.score - a.score);
    const result = pickAnswer([c('p4', 'fever', 0.5), c('p2', 'droplets', 0.5)], { threshold: 0.1, passages: ranked });
    expect(result).toMatchObject({ kind: 'answer', source: { id: 'p2' } });
  });

  describe('with retrieval similarities (the COVID FAQ cases of issue 15)', () => {
    const relevance = DEFAULT_RELEVANCE;
    it('the right passage at 0.88 similarity answers by itself when the QA span is weak', () => {
      const faq = [
        { id: 'right', score: 0.88, text: 'The virus spreads mainly between people in close contact.' },
        { id: 'other', score: 0.61, text: 'Masks reduce spread.' },
      ];
      const result = pickAnswer([c('right', 'close contact', 0.12), c('other', 'Masks', 0.09)], { threshold: 0.25, passages: faq, relevance });
      expect(result).toMatchObject({ kind: 'passage', source: { id: 'right' }, bestGuess: { answer: 'close contact' } });
      // Without the similarity the same outputs were "no answer".
      expect(pickAnswer([c('right', 'close contact', 0.12)], { threshold: 0.25, passages: faq }).kind).toBe('no-answer');
    });

    it('a confident span from a passage at 0.48 similarity is not an answer', () => {
      const faq = [
        { id: 'weak', score: 0.48, text: 'Wash your hands often.' },
        { id: 'weaker', score: 0.3, text: 'Symptoms include fever.' },
      ];
      const result = pickAnswer([c('weak', 'your', 0.4)], { threshold: 0.25, passages: faq, relevance });
      expect(result).toMatchObject({ kind: 'no-answer', bestGuess: { answer: 'your' } });
      expect(result.kind === 'no-answer' && result.closest.map((p) => p.id)).toEqual(['weak', 'weaker']);
    });

    it('a confident span from a similar passage is the answer, as before', () => {
      expect(pickAnswer([c('p2', 'droplets', 0.6)], { threshold: 0.25, passages, relevance })).toMatchObject({ kind: 'answer', source: { id: 'p2' } });
    });

    it('at the similarity bounds: 0.5 lets a span through, 0.8 makes a passage the answer', () => {
      const at = (score: number) => [{ id: 'x', score, text: 'x' }];
      expect(pickAnswer([c('x', 'x', 0.9)], { threshold: 0.25, passages: at(0.5), relevance }).kind).toBe('answer');
      expect(pickAnswer([c('x', 'x', 0.9)], { threshold: 0.25, passages: at(0.4999), relevance }).kind).toBe('no-answer');
      expect(pickAnswer([], { threshold: 0.25, passages: at(0.8), relevance }).kind).toBe('passage');
      expect(pickAnswer([], { threshold: 0.25, passages: at(0.7999), relevance }).kind).toBe('no-answer');
    });
  });

  it('rejects a threshold outside [0, 1]', () => {
    expect(() => pickAnswer([], { threshold: 1.5, passages })).toThrow(/threshold/);
    expect(() => pickAnswer([], { threshold: Number.NaN, passages })).toThrow(/threshold/);
  });
});

describe('highlightSpans', () => {
  const text = 'The answer is 42.';

  it('splits into plain / highlighted / plain segments', () => {
    expect(highlightSpans(text, 14, 16)).toEqual([
      { text: 'The answer is ', highlighted: false },
      { text: '42', highlighted: true },
      { text: '.', highlighted: false },
    ]);
  });

  it('leaves out empty segments at the edges', () => {
    expect(highlightSpans(text, 0, 3)).toEqual([
      { text: 'The', highlighted: true },
      { text: ' answer is 42.', highlighted: false },
    ]);
    expect(highlightSpans(text, 0, text.length)).toEqual([{ text, highlighted: true }]);
  });

  it('clamps out-of-range offsets', () => {
    expect(highlightSpans(text, 14, 999)).toEqual([
      { text: 'The answer is ', highlighted: false },
      { text: '42.', highlighted: true },
    ]);
    expect(highlightSpans(text, -5, 3)[0]).toEqual({ text: 'The', highlighted: true });
  });

  it('gives the plain text for unknown, empty, reversed or non-numeric ranges', () => {
    const plain = [{ text, highlighted: false }];
    expect(highlightSpans(text, -1, -1)).toEqual(plain);
    expect(highlightSpans(text, 5, 5)).toEqual(plain);
    expect(highlightSpans(text, 9, 4)).toEqual(plain);
    expect(highlightSpans(text, 50, 60)).toEqual(plain);
    expect(highlightSpans(text, Number.NaN, 4)).toEqual(plain);
    expect(highlightSpans('', 0, 3)).toEqual([]);
  });

  it('never splits an emoji in half', () => {
    const emoji = 'Go 😀 now';
    const segments = highlightSpans(emoji, 4, 5); // ends inside the surrogate pair
    expect(segments).toEqual([
      { text: 'Go ', highlighted: false },
      { text: '😀', highlighted: true },
      { text: ' now', highlighted: false },
    ]);
    // Ends inside the pair: widened to the end of the emoji.
    expect(highlightSpans(emoji, 3, 4).map((s) => [s.text, s.highlighted])).toEqual([
      ['Go ', false],
      ['😀', true],
      [' now', false],
    ]);
    // Starts inside the pair: widened to the start of the emoji.
    expect(highlightSpans(emoji, 4, 6)).toEqual([
      { text: 'Go ', highlighted: false },
      { text: '😀 ', highlighted: true },
      { text: 'now', highlighted: false },
    ]);
  });

  it('keeps markup as plain text', () => {
    expect(
      highlightSpans('<b>x</b>', 3, 4)
        .map((s) => s.text)
        .join(''),
    ).toBe('<b>x</b>');
  });
});
