import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectLanguage, detectLanguageMix, languageMismatch } from '../../../src/insights/language';

describe('detectLanguage', () => {
  it.each([
    ['很快，好吃，味道足，量大', 'zh'],
    ['iPhone的电池不耐用', 'zh'],
    ['Love my Echo!', 'en'],
    ['The battery dies after an hour', 'en'],
    ['El producto es muy bueno pero la batería dura poco', 'other'],
    ['Das ist nicht gut und sehr teuer', 'other'],
    ['このアプリは使いやすいです', 'other'],
    ['배터리가 빨리 닳아요', 'other'],
    ['Очень хорошее приложение', 'other'],
  ])('%s → %s', (text, language) => {
    expect(detectLanguage(text)).toBe(language);
  });

  it('returns null for text without letters', () => {
    expect(detectLanguage('👍👍 !!! 123')).toBeNull();
  });
});

describe('detectLanguageMix', () => {
  it('gives shares of texts per language, ignoring texts without letters', () => {
    const mix = detectLanguageMix(['很好', '太慢了', '送餐快', 'great', '123']);
    expect(mix).toEqual({ zh: 0.75, en: 0.25, other: 0, counted: 4 });
  });

  it('reads the real waimai reviews as Chinese and the Alexa reviews as English', () => {
    const waimai = readFileSync('/work/shared/datasets/waimai_10k/waimai_10k.csv', 'utf8').split('\n').slice(1);
    expect(detectLanguageMix(waimai).zh).toBeGreaterThan(0.95);
    const alexa = readFileSync('/work/shared/datasets/amazon_alexa_reviews/amazon_alexa.tsv', 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t')[3] ?? '');
    expect(detectLanguageMix(alexa).en).toBeGreaterThan(0.95);
  });
});

describe('languageMismatch', () => {
  const chinese = { zh: 0.9, en: 0.1, other: 0, counted: 100 };
  it('flags Chinese rows with an English-only model', () => {
    expect(languageMismatch(['en'], chinese)).toEqual({ dominant: 'zh', share: 0.9, model: ['en'] });
  });

  it('is null when the model covers the rows, is multilingual, or has no declared languages', () => {
    expect(languageMismatch(['en', 'zh', 'de', 'fr', 'es', 'it', 'nl'], chinese)).toBeNull();
    expect(languageMismatch(['multilingual'], chinese)).toBeNull();
    expect(languageMismatch([], chinese)).toBeNull();
    expect(languageMismatch(['en'], { zh: 0.1, en: 0.9, other: 0, counted: 10 })).toBeNull();
  });

  it('flags a large minority and "other" languages for monolingual models only', () => {
    expect(languageMismatch(['en'], { zh: 0.35, en: 0.65, other: 0, counted: 10 })?.dominant).toBe('zh');
    expect(languageMismatch(['en'], { zh: 0.35, en: 0.65, other: 0, counted: 10 }, { threshold: 0.5 })).toBeNull();
    expect(languageMismatch(['en'], { zh: 0, en: 0.2, other: 0.8, counted: 10 })?.dominant).toBe('other');
    expect(languageMismatch(['en', 'zh', 'de', 'fr'], { zh: 0, en: 0.2, other: 0.8, counted: 10 })).toBeNull();
    expect(languageMismatch(['zh-CN'], { zh: 0.1, en: 0.9, other: 0, counted: 10 })).toEqual({ dominant: 'en', share: 0.9, model: ['zh-CN'] });
  });
});
