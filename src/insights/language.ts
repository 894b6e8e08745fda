/**
 * Which languages the feedback is in, coarsely: enough to warn "these rows are mostly Chinese;
 * the sentiment model is English-only" before a run produces confident nonsense. Script counts
 * decide Chinese; Latin-script text counts as English unless it reads like another European
 * language (a few function words), since English-only models are the common mismatch.
 */

export interface LanguageMix {
  /** Share of texts that are mostly Chinese (Han characters). */
  zh: number;
  /** Share of texts in Latin script read as English. */
  en: number;
  /** Everything else: other scripts, Japanese/Korean, other European languages. */
  other: number;
  /** Texts with letters that were counted (blank and symbol-only texts are not). */
  counted: number;
}

export type LanguageCode = 'zh' | 'en' | 'other';

const HAN = /\p{Script=Han}/gu;
const KANA_HANGUL = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const LATIN = /\p{Script=Latin}/gu;
const LETTER = /\p{L}/gu;

const ENGLISH = new Set(
  "the and is it to of i this that was for my with not but you are have very on they so be at its it's no all great good love".split(' '),
);
const OTHER_EUROPEAN = new Set(
  'el la los las es muy pero con para por que una uno del le les est très mais avec pour pas une des du der die das und ist nicht sehr mit ein eine ich den il di che non per sono molto um uma não com para mais também de het een en niet zeer'.split(
    ' ',
  ),
);

function countMatches(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let n = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/**
 * The language of one text, or null when it has no letters. Chinese when at least 30% of its
 * letters are Han and it has little kana/hangul (Japanese and Korean also use Han characters).
 */
export function detectLanguage(text: string): LanguageCode | null {
  // Long texts: the first 2,000 characters decide, so a 200,000-character row costs no more.
  const sample = text.length > 2000 ? text.slice(0, 2000) : text;
  const letters = countMatches(sample, LETTER);
  if (letters === 0) return null;
  const han = countMatches(sample, HAN);
  const kana = countMatches(sample, KANA_HANGUL);
  if (kana > 0.1 * letters) return 'other';
  if (han >= 0.3 * letters) return 'zh';
  const latin = countMatches(sample, LATIN);
  if (latin < 0.5 * letters) return 'other';
  let english = 0;
  let foreign = 0;
  for (const word of sample.toLowerCase().split(/[^\p{L}']+/u)) {
    if (ENGLISH.has(word)) english++;
    else if (OTHER_EUROPEAN.has(word)) foreign++;
  }
  return foreign > english ? 'other' : 'en';
}

/** Shares of texts per language, over a spread-out sample of at most `sampleSize` texts. */
export function detectLanguageMix(texts: readonly string[], options: { sampleSize?: number } = {}): LanguageMix {
  const sampleSize = options.sampleSize ?? 2000;
  const step = Math.max(1, texts.length / sampleSize);
  const counts = { zh: 0, en: 0, other: 0 };
  let counted = 0;
  for (let i = 0; i < texts.length; i += step) {
    const language = detectLanguage(texts[Math.floor(i)]!);
    if (language === null) continue;
    counts[language]++;
    counted++;
  }
  if (counted === 0) return { zh: 0, en: 0, other: 0, counted };
  return { zh: counts.zh / counted, en: counts.en / counted, other: counts.other / counted, counted };
}

export interface LanguageMismatch {
  /** The largest group of rows the model was not trained on. */
  dominant: LanguageCode;
  /** Its share of the rows. */
  share: number;
  /** The model's languages, as given. */
  model: string[];
}

/**
 * Whether the sentiment (or embedding) model fits the rows. Returns the largest unsupported
 * group when it is at least `threshold` of the rows (default 0.3: a third of the rows scored
 * wrongly already skews the dashboard), else null. A model with no declared languages is
 * unknown (null: nothing to warn about with confidence); "multilingual"/"mul" covers all.
 * "other" counts as unsupported only for models with at most two languages, since we cannot
 * tell which other language it is.
 */
export function languageMismatch(modelLanguages: readonly string[], mix: LanguageMix, options: { threshold?: number } = {}): LanguageMismatch | null {
  const threshold = options.threshold ?? 0.3;
  const languages = modelLanguages.map((l) => l.toLowerCase().split(/[-_]/)[0]!);
  if (languages.length === 0 || languages.some((l) => l === 'multilingual' || l === 'mul' || l === 'xx')) return null;
  const unsupported: Array<{ dominant: LanguageCode; share: number }> = [];
  if (!languages.includes('zh')) unsupported.push({ dominant: 'zh', share: mix.zh });
  if (!languages.includes('en')) unsupported.push({ dominant: 'en', share: mix.en });
  if (languages.length <= 2) unsupported.push({ dominant: 'other', share: mix.other });
  const worst = unsupported.sort((a, b) => b.share - a.share)[0];
  return worst && worst.share >= threshold && worst.share > 0 ? { ...worst, model: [...modelLanguages] } : null;
}
