import { describe, expect, it } from 'vitest';
import { clusterKeywords, themeName } from '../../../src/insights/keywords';
import { foldPlural, tokenize } from '../../../src/insights/tokenize';

describe('tokenize', () => {
  it('lower-cases English, drops stopwords, numbers and possessives, folds plurals', () => {
    const { terms, surfaces } = tokenize("The batteries don't last; Alexa's speaker DIES after 2 hours. Boxes, charges!");
    expect(terms).toEqual(['battery', 'last', 'alexa', 'speaker', 'die', 'hour', 'box', 'charge']);
    expect(surfaces).toEqual(['batteries', 'last', 'alexa', 'speaker', 'dies', 'hours', 'boxes', 'charges']);
  });

  it('folds plurals without mangling words that only end in s', () => {
    expect(['batteries', 'dies', 'boxes', 'matches', 'uses', 'glasses', 'status', 'always', 'ios', 'bus', 'delicious'].map(foldPlural)).toEqual([
      'battery',
      'die',
      'box',
      'match',
      'use',
      'glass',
      'status',
      'always',
      'ios',
      'bus',
      'delicious',
    ]);
  });

  it('segments Chinese into words, drops punctuation and function words, and rejoins split compounds', () => {
    const { terms } = tokenize('送餐太慢了，等了两个小时，饭菜都凉了。');
    expect(terms).toContain('送餐'); // ICU splits 送|餐; rejoined
    expect(terms).toContain('小时');
    expect(terms).toContain('饭菜');
    for (const dropped of ['，', '。', '了', '都', '的']) expect(terms).not.toContain(dropped);
  });

  it('handles mixed Chinese and English in one text', () => {
    const { terms } = tokenize('iPhone的电池不耐用 batteries');
    expect(terms).toContain('iphone');
    expect(terms).toContain('电池');
    expect(terms).toContain('battery');
  });

  it('falls back to character bigrams without Intl.Segmenter', () => {
    expect(tokenize('电池耐用', { noSegmenter: true }).terms).toEqual(['电池', '池耐', '耐用']);
  });

  it('accepts extra stopwords (e.g. the product name)', () => {
    expect(tokenize('Echo echo speaker', { stopwords: new Set(['echo']) }).terms).toEqual(['speaker']);
  });
});

describe('clusterKeywords (c-TF-IDF)', () => {
  const texts = [
    'The battery dies after an hour',
    'Battery drains so fast, battery life is awful',
    'Charging takes forever and the battery is dead by noon',
    'My batteries never hold a charge',
    'The app crashes on login',
    'Crashes every time I open it',
    'Login screen crashes',
    'Crashes after the update',
    'Great app and great battery', // "battery" also appears outside its class
  ];
  const labels = [0, 0, 0, 0, 1, 1, 1, 1, 1];

  it('puts the term that dominates a class first, and names the theme from the top three', () => {
    const [battery, crash] = clusterKeywords(texts, labels, 2);
    expect(battery!.keywords[0]!.term).toBe('battery');
    expect(crash!.keywords[0]!.term).toBe('crash');
    expect(crash!.keywords.map((k) => k.term)).toContain('login');
    expect(battery!.name).toBe(themeName(battery!.keywords.map((k) => k.display)));
    expect(battery!.name.split(' · ')).toHaveLength(3);
    expect(battery!.name.startsWith('battery · ')).toBe(true);
  });

  it('computes tf × log(1 + A / f), and ranks terms from a single row after the others', () => {
    const [, crash] = clusterKeywords(texts, labels, 2);
    const terms = crash!.keywords.map((k) => k.term);
    // "great" occurs twice, in one row only: it scores like "login" but ranks after every multi-row term.
    expect(terms.slice(0, 3).sort()).toEqual(['app', 'crash', 'login']);
    expect(terms.indexOf('great')).toBeGreaterThan(2);
    expect(
      clusterKeywords(texts, labels, 2, { minRowsPerTerm: 1 })[1]!
        .keywords.map((k) => k.term)
        .indexOf('great'),
    ).toBeLessThan(3);
    const [battery] = clusterKeywords(texts, labels, 2, { minRowsPerTerm: 1 });
    const charge = battery!.keywords.find((k) => k.term === 'charge')!;
    const batteryTerm = battery!.keywords.find((k) => k.term === 'battery')!;
    // c-TF-IDF by hand: tf = count / class total, idf = log(1 + A / f).
    const classTotal = texts.slice(0, 4).reduce((n, t) => n + tokenize(t).terms.length, 0);
    const allTotal = texts.reduce((n, t) => n + tokenize(t).terms.length, 0);
    const average = allTotal / 2;
    expect(batteryTerm.score).toBeCloseTo((5 / classTotal) * Math.log(1 + average / 6), 10);
    expect(charge.score).toBeCloseTo((1 / classTotal) * Math.log(1 + average / 1), 10); // "charging" is another term
    // A term unique to the class scores a higher idf than one that also occurs elsewhere.
    expect(Math.log(1 + average / 1)).toBeGreaterThan(Math.log(1 + average / 6));
  });

  it('shows the most common written form of a folded term', () => {
    const [keywords] = clusterKeywords(['batteries die', 'batteries die', 'battery'], [0, 0, 0], 1);
    expect(keywords!.keywords.find((k) => k.term === 'battery')!.display).toBe('batteries');
  });

  it('finds distinctive Chinese keywords', () => {
    const zh = ['送餐太慢了', '送餐慢，等了一个小时', '等了两个小时才送到', '味道不错', '好吃，味道足', '味道很好，好吃'];
    const [slow, tasty] = clusterKeywords(zh, [0, 0, 0, 1, 1, 1], 2);
    expect(
      slow!.keywords
        .slice(0, 2)
        .map((k) => k.term)
        .sort(),
    ).toEqual(['小时', '送餐']);
    expect(tasty!.keywords[0]!.term).toBe('味道');
    expect(tasty!.keywords.map((k) => k.term)).toContain('好吃');
    expect(slow!.keywords.map((k) => k.term)).not.toContain('味道');
  });

  it('ignores rows with a negative label and returns an empty name for an empty cluster', () => {
    const result = clusterKeywords(['battery battery', 'battery dies', 'screen'], [0, 0, -1], 2);
    expect(result[0]!.keywords.map((k) => k.term)).not.toContain('screen');
    expect(result[1]).toEqual({ clusterId: 1, keywords: [], name: '' });
  });
});

describe('Chinese theme names (word segmentation)', () => {
  it('names Chinese themes with words of two or more characters, never single characters, and works on mixed data', () => {
    const slow = ['送餐太慢了，等了两个小时', '送餐速度慢，饭菜都凉了', '配送太慢，送餐员迷路了', '等了一个小时才送到，送餐太慢'];
    const taste = ['味道很好，分量足', '口味不错，味道正宗', '味道一般，口味偏咸', '味道好极了，分量也足'];
    const english = ['Delivery was late again', 'The delivery driver was late', 'Late delivery, cold food', 'Delivery took forever'];
    const texts = [...slow, ...taste, ...english];
    const labels = [...slow.map(() => 0), ...taste.map(() => 1), ...english.map(() => 2)];
    const [slowTheme, tasteTheme, englishTheme] = clusterKeywords(texts, labels, 3);
    for (const theme of [slowTheme!, tasteTheme!]) {
      const words = theme.name.split(' · ');
      expect(words.length).toBeGreaterThan(0);
      for (const word of words) {
        expect(word).toMatch(/^\p{Script=Han}+$/u);
        expect([...word].length).toBeGreaterThanOrEqual(2);
      }
    }
    expect(slowTheme!.name).toContain('送餐');
    expect(tasteTheme!.name).toContain('味道');
    expect(englishTheme!.name).toContain('delivery');
  });

  it('uses a single character only when no longer word is left', () => {
    expect(themeName(['慢', '送餐', '小时'])).toBe('送餐 · 小时');
    expect(themeName(['慢', '贵'])).toBe('慢 · 贵');
  });
});
