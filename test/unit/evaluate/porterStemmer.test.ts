import { existsSync, readFileSync } from 'node:fs';
import { stemmer as martinReference } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { porterStem } from '../../../src/evaluate/porterStemmer';

describe('porterStem, NLTK mode (what rouge-score uses)', () => {
  it("reproduces NLTK's documented example", () => {
    // Source: NLTK nltk/test/stem.doctest, "Test the stemmer on various pluralised words":
    //   caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot
    const plurals = [
      'caresses',
      'flies',
      'dies',
      'mules',
      'denied',
      'died',
      'agreed',
      'owned',
      'humbled',
      'sized',
      'meeting',
      'stating',
      'siezing',
      'itemization',
      'sensational',
      'traditional',
      'reference',
      'colonizer',
      'plotted',
    ];
    expect(plurals.map((w) => porterStem(w)).join(' ')).toBe(
      'caress fli die mule deni die agre own humbl size meet state siez item sensat tradit refer colon plot',
    );
  });

  it('handles the cases NLTK documents and tests explicitly', () => {
    // Source: NLTK nltk/test/unit/test_stem.py, test_oed_bug: PorterStemmer().stem('oed') == 'o'.
    expect(porterStem('oed')).toBe('o');
    // Source: NLTK nltk/stem/porter.py, _step1c docstring: "'happy' -> 'happi', but 'enjoy' -> 'enjoy'",
    // and "'spy', 'fly', 'try' ... stem to 'spi', 'fli', 'tri'".
    expect(['happy', 'enjoy', 'spy', 'fly', 'try'].map((w) => porterStem(w))).toEqual(['happi', 'enjoy', 'spi', 'fli', 'tri']);
    // Source: _step1a / _step1b comments: "'flies'->'fli' but 'dies'->'die'", "'spied'->'spi' but 'died'->'die'".
    expect(['flies', 'dies', 'spied', 'died'].map((w) => porterStem(w))).toEqual(['fli', 'die', 'spi', 'die']);
    // Source: PorterStemmer.__init__ irregular_forms table (NLTK_EXTENSIONS mode).
    expect(
      ['skies', 'dying', 'lying', 'tying', 'news', 'innings', 'outings', 'cannings', 'howe', 'proceed', 'exceed', 'succeed'].map((w) => porterStem(w)),
    ).toEqual(['sky', 'die', 'lie', 'tie', 'news', 'inning', 'outing', 'canning', 'howe', 'proceed', 'exceed', 'succeed']);
    // Source: stem(): "strings of length 1 or 2 don't go through the stemming process".
    expect(porterStem('is')).toBe('is');
    // Source: stem(): lower-cases by default (test_stem.py test_lowercase_option: "On" → "on").
    expect(porterStem('On')).toBe('on');
  });

  it("differs from Martin Porter's version exactly where the NLTK extensions apply", () => {
    // Martin's reference output comes from the `stemmer` package; NLTK's from the rules it
    // documents (step 1c y→i only after a consonant; two-letter *o stems keep their e; -fulli).
    const words = ['says', 'days', 'always', 'enjoying', 'uses', 'using', 'hopefully', 'dies'];
    expect(words.map((w) => martinReference(w))).toEqual(['sai', 'dai', 'alwai', 'enjoi', 'us', 'us', 'hopefulli', 'di']);
    expect(words.map((w) => porterStem(w))).toEqual(['say', 'day', 'alway', 'enjoy', 'use', 'use', 'hope', 'die']);
  });

  it('does not trip over words that are Object.prototype keys', () => {
    expect(porterStem('constructor')).toBe(martinReference('constructor'));
    expect(porterStem('__proto__')).toBe('__proto__');
  });
});

describe("porterStem, Martin mode, against the `stemmer` package (Martin Porter's reference output)", () => {
  it('agrees on the Porter (1980) paper examples and on long derivational words', () => {
    const words = [
      'caresses',
      'ponies',
      'ties',
      'caress',
      'cats',
      'feed',
      'agreed',
      'plastered',
      'bled',
      'motoring',
      'sing',
      'conflated',
      'troubled',
      'sized',
      'hopping',
      'tanned',
      'falling',
      'hissing',
      'fizzed',
      'failing',
      'filing',
      'happy',
      'sky',
      'relational',
      'conditional',
      'rational',
      'valenci',
      'hesitanci',
      'digitizer',
      'conformabli',
      'radicalli',
      'differentli',
      'vileli',
      'analogousli',
      'vietnamization',
      'predication',
      'operator',
      'feudalism',
      'decisiveness',
      'hopefulness',
      'callousness',
      'formaliti',
      'sensitiviti',
      'sensibiliti',
      'triplicate',
      'formative',
      'formalize',
      'electriciti',
      'electrical',
      'hopeful',
      'goodness',
      'revival',
      'allowance',
      'inference',
      'airliner',
      'gyroscopic',
      'adjustable',
      'defensible',
      'irritant',
      'replacement',
      'adjustment',
      'dependent',
      'adoption',
      'homologou',
      'communism',
      'activate',
      'angulariti',
      'homologous',
      'effective',
      'bowdlerize',
      'probate',
      'rate',
      'cease',
      'controll',
      'roll',
      'generalizations',
      'oscillators',
      'yelling',
      'syzygy',
    ];
    for (const word of words) expect(porterStem(word, 'martin'), word).toBe(martinReference(word));
  });

  // Word-for-word over the vocabulary of a real dataset (≈15,000 distinct words), when mounted.
  const TWEETSUMM = '/work/shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl';
  it.skipIf(!existsSync(TWEETSUMM))('agrees on every word of the TweetSumm dialogues', () => {
    const text = readFileSync(TWEETSUMM, 'utf8').toLowerCase();
    const words = [...new Set(text.split(/[^a-z]+/).filter((w) => w.length > 0))];
    expect(words.length).toBeGreaterThan(10_000);
    // One known quirk of the oracle: `stemmer` needs a letter before "eed", so the non-word
    // "eed" falls through to the -ed rule and becomes "e". Porter's C reference and NLTK check
    // (m > 0) EED on the empty stem, fail, and leave "eed" alone — which is what we do.
    const oracleQuirks = new Set(['eed', 'eeds']);
    const disagreements = words.filter((w) => !oracleQuirks.has(w) && porterStem(w, 'martin') !== martinReference(w));
    expect(disagreements).toEqual([]);
    expect(porterStem('eed', 'martin')).toBe('eed');
    expect(porterStem('eed')).toBe('eed');
  });
});
