/**
 * Tokens for keyword extraction, in English and Chinese.
 * - English: lower-case, apostrophes kept inside words ("don't"), possessive 's dropped,
 *   stopwords removed, plurals folded ("batteries" → "battery") so a theme is not named twice.
 * - Chinese has no spaces: words come from Intl.Segmenter (ICU's dictionary segmenter, in every
 *   current browser and Node ≥ 16); without it, CJK runs fall back to character bigrams.
 * Each token keeps the surface form it was written in, so keywords can be shown as users wrote them.
 */

export interface Tokens {
  /** Folded forms, used for counting. */
  terms: string[];
  /** The form as written (lower-cased), parallel to `terms`. */
  surfaces: string[];
}

// A compact English stopword list (function words, pronouns, auxiliaries, contractions) plus
// filler words that carry no theme in reviews ("really", "just", "also").
const ENGLISH_STOPWORDS = new Set(
  `a about above after again against ago all almost also although always am among an and any anyone anything are aren't around as at away
  be became because become been before being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
  don't done down during each either else enough etc even ever every everything few for from further get gets getting got gotten had hadn't
  has hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his how how's however i i'd i'll i'm i've if
  in into is isn't it it's its itself just let let's lot lots many may me might more most much must mustn't my myself need neither no nor
  not now of off often oh ok okay on once one only onto or other others otherwise our ours ourselves out over own per perhaps please quite
  rather really same say says said see seem seems shall shan't she she'd she'll she's should shouldn't since so some something sometimes
  somewhat still such sure than that that's the their theirs them themselves then there there's these they they'd they'll they're they've
  thing things this those though through thus to too toward towards under until up upon us use used using very via was wasn't way we we'd
  we'll we're we've well were weren't what what's whatever when when's where where's whether which while who who's whom whose why why's
  will with within without won't would wouldn't yes yet you you'd you'll you're you've your yours yourself yourselves im ive dont doesnt
  didnt cant wont isnt thats its also anyway actually basically literally definitely totally simply already`.split(/\s+/),
);

// Frequent Chinese function words, particles and pronouns (single characters included, since
// the segmenter emits many of them as words of their own).
const CHINESE_STOPWORDS = new Set(
  `的 了 是 我 你 他 她 它 们 我们 你们 他们 她们 这 那 这个 那个 这些 那些 这样 那样 这么 那么 就 都 也 还 在 有 和 与 及 或 或者 但 但是 而 而且
  又 很 太 非常 比较 挺 真 真的 特别 一个 一下 一点 一些 一样 吧 呢 吗 啊 呀 哦 嗯 哈 哈哈 啦 么 嘛 呗 什么 怎么 怎么样 为什么 因为 所以 如果 虽然 可以
  就是 还是 不是 已经 自己 给 让 被 把 对 从 到 为 说 要 会 能 去 来 上 下 里 中 个 次 点 些 等 着 过 得 地 之 其 以 于 么 没 没有 不 也是 还有 而是
  就是说 然后 一直 用 买 使用 购买 其实 感觉 觉得 有点 以后 之后 时候 现在 今天 昨天 东西 知道 可能 应该 这次 每次 下次 再 才 又是 都是 还会 但 却
  很好 挺好 还好 还行 好的 不错 很不错 比较 一次 真是 以为 这家 那家 一份 一般般 而已 啦 哎 呃 嘿 额`.split(/\s+/),
);

/** Words that end in "s" but are not plurals. */
const NOT_PLURAL = new Set([
  'always',
  'perhaps',
  'news',
  'series',
  'species',
  'yes',
  'lens',
  'physics',
  'analytics',
  'ios',
  'macos',
  'this',
  'thus',
  'plus',
  'bus',
  'gas',
  'its',
  'was',
  'has',
  'does',
  'is',
  'us',
  'less',
  'unless',
  'across',
  'status',
  'bonus',
  'virus',
  'focus',
  'campus',
  'alias',
  'canvas',
  'atlas',
  'chaos',
  'process',
  'access',
  'address',
  'business',
  'success',
  'wireless',
  'useless',
  'endless',
  'seamless',
  'pointless',
  'careless',
  'hopeless',
  'previous',
  'various',
  'serious',
  'obvious',
  'famous',
  'nervous',
  'generous',
  'glorious',
  'gorgeous',
  'ridiculous',
  'tedious',
  'anxious',
  'delicious',
  'continuous',
]);

/** Simple plural folding: batteries → battery, boxes → box, charges → charge; words that only look plural stay. */
export function foldPlural(word: string): string {
  if (word.length <= 3 || !word.endsWith('s') || NOT_PLURAL.has(word) || /(ss|us|is|ous)$/.test(word)) return word;
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (/(xes|ches|shes|sses|zzes)$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const LATIN_WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;
const HAS_LETTER = /\p{L}/u;

let segmenter: Intl.Segmenter | null | undefined;
function wordSegmenter(): Intl.Segmenter | null {
  if (segmenter === undefined) {
    segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;
  }
  return segmenter;
}

export interface TokenizeOptions {
  /** Extra stopwords (e.g. the product's own name, which every row mentions). */
  stopwords?: ReadonlySet<string>;
  /** Use the character-bigram fallback even where Intl.Segmenter exists (tests). */
  noSegmenter?: boolean;
}

function pushLatin(word: string, out: Tokens, extra?: ReadonlySet<string>): void {
  let surface = word.replace(/'s$/, '');
  if (surface.length < 2 || !HAS_LETTER.test(surface) || ENGLISH_STOPWORDS.has(surface) || extra?.has(surface)) return;
  if (/^\d/.test(surface) && /^\d+[a-z]{0,2}$/.test(surface)) return; // "2nd", "10x", "100"
  const term = foldPlural(surface);
  if (ENGLISH_STOPWORDS.has(term) || extra?.has(term)) return;
  surface = surface.normalize('NFC');
  out.terms.push(term);
  out.surfaces.push(surface);
}

function pushCjk(word: string, out: Tokens, extra?: ReadonlySet<string>): void {
  if (CHINESE_STOPWORDS.has(word) || extra?.has(word)) return;
  out.terms.push(word);
  out.surfaces.push(word);
}

/**
 * A run of single-character words: stopword characters (的, 了, 我...) split it; what is left is
 * one character (kept: 慢, 贵, 差 carry meaning), a two-character compound (joined), or a longer
 * run (bigrams, as without a segmenter).
 */
function pushSingleRun(chars: readonly string[], out: Tokens, extra?: ReadonlySet<string>): void {
  let part: string[] = [];
  const flush = () => {
    if (part.length === 1 || part.length === 2) pushCjk(part.join(''), out, extra);
    else if (part.length > 2) pushBigrams(part.join(''), out, extra);
    part = [];
  };
  for (const char of chars) {
    if (CHINESE_STOPWORDS.has(char) || extra?.has(char)) flush();
    else part.push(char);
  }
  flush();
}

/** Character bigrams of a CJK run: the usual fallback without a dictionary segmenter. */
function pushBigrams(run: string, out: Tokens, extra?: ReadonlySet<string>): void {
  const chars = [...run];
  if (chars.length === 1) return pushCjk(run, out, extra);
  for (let i = 0; i + 1 < chars.length; i++) pushCjk(chars[i]! + chars[i + 1]!, out, extra);
}

export function tokenize(text: string, options: TokenizeOptions = {}): Tokens {
  const out: Tokens = { terms: [], surfaces: [] };
  const lower = text.normalize('NFKC').toLowerCase().replace(/[’‘`]/g, "'");
  const extra = options.stopwords;
  if (!CJK.test(lower)) {
    for (const match of lower.matchAll(LATIN_WORD)) pushLatin(match[0], out, extra);
    return out;
  }
  const words = options.noSegmenter ? null : wordSegmenter();
  if (words) {
    // ICU's dictionary often breaks compounds into single characters (送餐 → 送|餐, 蒙牛 → 蒙|牛).
    // Consecutive single CJK characters are collected and rejoined (see pushSingleRun).
    let singles: string[] = [];
    const flushSingles = () => {
      if (singles.length > 0) pushSingleRun(singles, out, extra);
      singles = [];
    };
    for (const segment of words.segment(lower)) {
      if (!segment.isWordLike) {
        flushSingles();
        continue;
      }
      const word = segment.segment;
      if (CJK.test(word)) {
        if ([...word].length === 1) singles.push(word);
        else {
          flushSingles();
          pushCjk(word, out, extra);
        }
      } else {
        flushSingles();
        for (const match of word.matchAll(LATIN_WORD)) pushLatin(match[0], out, extra);
      }
    }
    flushSingles();
    return out;
  }
  // Fallback: split into CJK runs (bigrams) and everything else (Latin words).
  for (const match of lower.matchAll(
    /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|([^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)/gu,
  )) {
    if (match[1]) pushBigrams(match[1], out, extra);
    else if (match[2]) for (const latin of match[2].matchAll(LATIN_WORD)) pushLatin(latin[0], out, extra);
  }
  return out;
}
