/**
 * The Porter stemmer exactly as Google's `rouge-score` uses it: NLTK's
 * `nltk.stem.porter.PorterStemmer()` in its default NLTK_EXTENSIONS mode.
 *
 * Why not only the `stemmer` npm package (wooorm)? It implements Martin Porter's own
 * reference version (NLTK's MARTIN_EXTENSIONS mode), and the two disagree on everyday words
 * that matter for customer-support summaries: "says"/"days"/"always" (Martin: "sai", "dai",
 * "alwai"; NLTK: "say", "day", "alway"), "dies"/"died" ("di" vs "die"), "using"/"uses" ("us"
 * vs "use"), "fully"-adverbs ("hopefulli" vs "hope"). Using it would make our ROUGE disagree
 * with every published rouge-score number whenever such words occur. So this module implements
 * both modes from the algorithm's description (Porter 1980 plus the documented extensions);
 * the unit tests check 'martin' against the `stemmer` package word for word and 'nltk' against
 * NLTK's published examples.
 */

export type PorterMode = 'nltk' | 'martin';

type Condition = ((stem: string) => boolean) | null;
/** [suffix, replacement, condition]; the suffix '*d' means "ends with a double consonant". */
type Rule = readonly [string, string, Condition];

/** NLTK's table of irregular forms, applied before any rule (NLTK mode only). */
// A Map, not an object literal: "constructor" or "__proto__" must not hit Object.prototype.
const IRREGULAR_FORMS: ReadonlyMap<string, string> = new Map([
  ['sky', 'sky'],
  ['skies', 'sky'],
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['news', 'news'],
  ['innings', 'inning'],
  ['inning', 'inning'],
  ['outings', 'outing'],
  ['outing', 'outing'],
  ['cannings', 'canning'],
  ['canning', 'canning'],
  ['howe', 'howe'],
  ['proceed', 'proceed'],
  ['exceed', 'exceed'],
  ['succeed', 'succeed'],
]);

const isVowelLetter = (ch: string | undefined): boolean => ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u';

/** Porter's consonant: not a, e, i, o, u, and not a y that follows a consonant. */
function isConsonant(word: string, i: number): boolean {
  // Iterative form of the recursive definition: walk back over a run of y's.
  let j = i;
  let flips = 0;
  while (j >= 0) {
    const ch = word[j];
    if (isVowelLetter(ch)) return flips % 2 === 1;
    if (ch !== 'y') return flips % 2 === 0;
    if (j === 0) return flips % 2 === 0;
    flips++;
    j--;
  }
  return true;
}

/** m in [C](VC){m}[V]: the number of vowel→consonant transitions. */
function measure(stem: string): number {
  let m = 0;
  let previousWasVowel = false;
  for (let i = 0; i < stem.length; i++) {
    const consonant = isConsonant(stem, i);
    if (consonant && previousWasVowel) m++;
    previousWasVowel = !consonant;
  }
  return m;
}

function containsVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (!isConsonant(stem, i)) return true;
  return false;
}

function endsDoubleConsonant(word: string): boolean {
  const n = word.length;
  return n >= 2 && word[n - 1] === word[n - 2] && isConsonant(word, n - 1);
}

/** Condition *o: ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(word: string, mode: PorterMode): boolean {
  const n = word.length;
  const last = word[n - 1];
  if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && last !== 'w' && last !== 'x' && last !== 'y') {
    return true;
  }
  // NLTK extension: a two-letter vowel-consonant stem also counts, so "use", "are" keep their e.
  return mode === 'nltk' && n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

/** The first rule whose suffix matches decides: applied if its condition holds, else nothing. */
function applyRules(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === '*d') {
      if (!endsDoubleConsonant(word)) continue;
      const stem = word.slice(0, -2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = word.slice(0, word.length - suffix.length);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

const positive = (stem: string): boolean => measure(stem) > 0;
const aboveOne = (stem: string): boolean => measure(stem) > 1;

function step1a(word: string, mode: PorterMode): string {
  // NLTK: "dies" → "die", "ties" → "tie" (but "flies" → "fli").
  if (mode === 'nltk' && word.length === 4 && word.endsWith('ies')) return `${word.slice(0, -3)}ie`;
  return applyRules(word, [
    ['sses', 'ss', null],
    ['ies', 'i', null],
    ['ss', 'ss', null],
    ['s', '', null],
  ]);
}

function step1b(word: string, mode: PorterMode): string {
  // NLTK: "died" → "die", "spied" → "spi".
  if (mode === 'nltk' && word.endsWith('ied')) return `${word.slice(0, -3)}${word.length === 4 ? 'ie' : 'i'}`;
  if (word.endsWith('eed')) {
    const stem = word.slice(0, -3);
    return measure(stem) > 0 ? `${stem}ee` : word;
  }
  let stem: string | undefined;
  for (const suffix of ['ed', 'ing']) {
    if (word.endsWith(suffix) && containsVowel(word.slice(0, -suffix.length))) {
      stem = word.slice(0, -suffix.length);
      break;
    }
  }
  if (stem === undefined) return word;
  const last = stem[stem.length - 1] ?? '';
  return applyRules(stem, [
    ['at', 'ate', null],
    ['bl', 'ble', null],
    ['iz', 'ize', null],
    ['*d', last, () => last !== 'l' && last !== 's' && last !== 'z'],
    ['', 'e', (s) => measure(s) === 1 && endsCvc(s, mode)],
  ]);
}

function step1c(word: string, mode: PorterMode): string {
  // NLTK: y → i only after a consonant that is not the whole stem ("happy" → "happi",
  // "enjoy" stays); Martin: whenever the stem has a vowel ("enjoy" → "enjoi").
  const condition = mode === 'nltk' ? (stem: string) => stem.length > 1 && isConsonant(stem, stem.length - 1) : (stem: string) => containsVowel(stem);
  return applyRules(word, [['y', 'i', condition]]);
}

function step2(word: string, mode: PorterMode): string {
  if (mode === 'nltk' && word.endsWith('alli') && positive(word.slice(0, -4))) {
    // NLTK applies -alli → -al first and runs step 2 again on the result.
    return step2(`${word.slice(0, -4)}al`, mode);
  }
  const rules: Rule[] = [
    ['ational', 'ate', positive],
    ['tional', 'tion', positive],
    ['enci', 'ence', positive],
    ['anci', 'ance', positive],
    ['izer', 'ize', positive],
    ['bli', 'ble', positive],
    ['alli', 'al', positive],
    ['entli', 'ent', positive],
    ['eli', 'e', positive],
    ['ousli', 'ous', positive],
    ['ization', 'ize', positive],
    ['ation', 'ate', positive],
    ['ator', 'ate', positive],
    ['alism', 'al', positive],
    ['iveness', 'ive', positive],
    ['fulness', 'ful', positive],
    ['ousness', 'ous', positive],
    ['aliti', 'al', positive],
    ['iviti', 'ive', positive],
    ['biliti', 'ble', positive],
  ];
  if (mode === 'nltk') {
    rules.push(['fulli', 'ful', positive]);
    // The l of -logi stays with the stem, so short stems like "geo" qualify.
    rules.push(['logi', 'log', () => positive(word.slice(0, -3))]);
  } else {
    rules.push(['logi', 'log', positive]);
  }
  return applyRules(word, rules);
}

function step3(word: string): string {
  return applyRules(word, [
    ['icate', 'ic', positive],
    ['ative', '', positive],
    ['alize', 'al', positive],
    ['iciti', 'ic', positive],
    ['ical', 'ic', positive],
    ['ful', '', positive],
    ['ness', '', positive],
  ]);
}

function step4(word: string): string {
  return applyRules(word, [
    ['al', '', aboveOne],
    ['ance', '', aboveOne],
    ['ence', '', aboveOne],
    ['er', '', aboveOne],
    ['ic', '', aboveOne],
    ['able', '', aboveOne],
    ['ible', '', aboveOne],
    ['ant', '', aboveOne],
    ['ement', '', aboveOne],
    ['ment', '', aboveOne],
    ['ent', '', aboveOne],
    ['ion', '', (stem) => aboveOne(stem) && (stem.endsWith('s') || stem.endsWith('t'))],
    ['ou', '', aboveOne],
    ['ism', '', aboveOne],
    ['ate', '', aboveOne],
    ['iti', '', aboveOne],
    ['ous', '', aboveOne],
    ['ive', '', aboveOne],
    ['ize', '', aboveOne],
  ]);
}

function step5a(word: string, mode: PorterMode): string {
  // Two rules on the same suffix, both tried: (m>1) E → ; (m=1 and not *o) E → .
  if (!word.endsWith('e')) return word;
  const stem = word.slice(0, -1);
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsCvc(stem, mode)) return stem;
  return word;
}

function step5b(word: string): string {
  return applyRules(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}

/**
 * Stems one word. Input is lower-cased first (as NLTK does by default). Words of one or two
 * letters are returned unchanged.
 */
export function porterStem(word: string, mode: PorterMode = 'nltk'): string {
  const lower = word.toLowerCase();
  if (mode === 'nltk') {
    // NLTK looks the word up before lower-casing it ("Skies" is stemmed by the rules, to "ski");
    // irrelevant for ROUGE, whose tokens are already lower-case, but kept for fidelity.
    const irregular = IRREGULAR_FORMS.get(word);
    if (irregular !== undefined) return irregular;
  }
  if (lower.length <= 2) return lower;
  let stem = step1a(lower, mode);
  stem = step1b(stem, mode);
  stem = step1c(stem, mode);
  stem = step2(stem, mode);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem, mode);
  stem = step5b(stem);
  return stem;
}
