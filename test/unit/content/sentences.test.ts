import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/content/sentences';

const texts = (input: string) => splitSentences(input).map((s) => s.text);

describe('splitSentences', () => {
  it('splits English sentences on . ! ? and keeps the punctuation', () => {
    expect(texts('The app is slow. Why does it crash? I love it! Fine.')).toEqual(['The app is slow.', 'Why does it crash?', 'I love it!', 'Fine.']);
  });

  it('treats runs like "?!" and "..." as one terminator', () => {
    expect(texts('Are you serious?! It broke again... Great.')).toEqual(['Are you serious?!', 'It broke again...', 'Great.']);
  });

  it('does not split an ellipsis followed by a lower-case word', () => {
    expect(texts('Well... maybe not. OK.')).toEqual(['Well... maybe not.', 'OK.']);
  });

  it('keeps closing quotes with their sentence', () => {
    expect(texts('He said "it works." Then it failed.')).toEqual(['He said "it works."', 'Then it failed.']);
    expect(texts('She asked "why?" and left. Done.')).toEqual(['She asked "why?" and left.', 'Done.']);
  });

  it('does not split after abbreviations, initials and initialisms', () => {
    expect(texts('Mr. Smith met Dr. Jones, e.g. at the U.S. office. They talked.')).toEqual([
      'Mr. Smith met Dr. Jones, e.g. at the U.S. office.',
      'They talked.',
    ]);
    expect(texts('J. R. R. Tolkien wrote it, i.e. a classic. Read it.')).toEqual(['J. R. R. Tolkien wrote it, i.e. a classic.', 'Read it.']);
  });

  it('splits after "etc." / "Inc." only when a capital follows', () => {
    expect(texts('Apples, pears etc. are fruit. Bought from Acme Inc. The end.')).toEqual([
      'Apples, pears etc. are fruit.',
      'Bought from Acme Inc.',
      'The end.',
    ]);
  });

  it('does not split numbers, versions, domains or times', () => {
    expect(texts('Version 11.1.2 costs $3.50 at example.com today. Next.')).toEqual(['Version 11.1.2 costs $3.50 at example.com today.', 'Next.']);
  });

  it('splits Chinese and Japanese text without spaces', () => {
    expect(texts('今天天气很好。我们去公园吧！你来吗？好的；明天见。')).toEqual(['今天天气很好。', '我们去公园吧！', '你来吗？', '好的；', '明天见。']);
    expect(texts('「ありがとう。」と彼は言った。大丈夫？')).toEqual(['「ありがとう。」', 'と彼は言った。', '大丈夫？']);
  });

  it('splits ASCII ! and ? directly followed by CJK text', () => {
    expect(texts('好的!谢谢?再见')).toEqual(['好的!', '谢谢?', '再见']);
  });

  it('treats line breaks as hard boundaries and blank lines as paragraph breaks', () => {
    const spans = splitSentences('Title line\nfirst item\n\nNew paragraph. Second sentence.\r\nlast');
    expect(spans.map((s) => [s.text, s.breakAfter])).toEqual([
      ['Title line', 'line'],
      ['first item', 'paragraph'],
      ['New paragraph.', 'sentence'],
      ['Second sentence.', 'line'],
      ['last', 'paragraph'],
    ]);
  });

  it('does not treat list numbering as a sentence', () => {
    expect(texts('1. Install the app\n2. Open it.')).toEqual(['1. Install the app', '2. Open it.']);
  });

  it('gives offsets that map back to the source', () => {
    const source = '  Hello there.   How are you?\n\n\t你好。世界！ ';
    const spans = splitSentences(source);
    expect(spans.length).toBe(4);
    for (const span of spans) expect(source.slice(span.start, span.end)).toBe(span.text);
  });

  it('gives nothing for empty or whitespace-only text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences('  \n\n \t ')).toEqual([]);
  });
});
