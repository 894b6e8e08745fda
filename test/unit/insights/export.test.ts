import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { sentimentDistribution, sentimentTrend } from '../../../src/insights/aggregate';
import { escapeHtml, escapeMarkdown, guardFormula, htmlReport, markdownReport, rowsToCsv, rowsToJson, type InsightsReport } from '../../../src/insights/export';
import type { InsightRow, PainPoint, Theme } from '../../../src/insights/types';

const rows: InsightRow[] = [
  {
    row: 1,
    id: 'a',
    text: '=HYPERLINK("http://evil","click")',
    date: '2020-01-02',
    rating: 1,
    segment: '@team',
    sentiment: 'negative',
    sentimentScore: -0.98765,
    themeId: 0,
    duplicateOf: null,
  },
  { row: 2, id: 'b', text: 'Line one\nline "two", with comma', date: null, rating: null, segment: null, sentiment: null, sentimentScore: null, themeId: null },
  {
    row: 3,
    id: '-3',
    text: '+1 great, 电池很好',
    date: '2020-01-03',
    rating: 5,
    segment: 'web',
    sentiment: 'positive',
    sentimentScore: 0.9,
    themeId: 1,
    duplicateOf: 1,
  },
];

describe('guardFormula', () => {
  it('prefixes text a spreadsheet would evaluate, leaves other text alone', () => {
    expect(['=1+1', '+1', '-2', '@SUM(A1)', '\tx', '\rx'].map(guardFormula)).toEqual(["'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(['a=b', ' =x', '', '1-2'].map(guardFormula)).toEqual(['a=b', ' =x', '', '1-2']);
  });
});

describe('rowsToCsv', () => {
  it('writes a BOM, a header, CRLF rows, guarded formula cells, and round-trips through a CSV parser', () => {
    const csv = rowsToCsv(rows, {
      themeNames: new Map([
        [0, 'battery · dies'],
        [1, '=cmd'],
      ]),
    });
    expect(csv.startsWith('\uFEFFrow,id,date,rating,segment,sentiment,sentiment_score,theme_id,theme,duplicate_of,text\r\n')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    const [first, second, third] = parsed.data as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(first.text).toBe(`'=HYPERLINK("http://evil","click")`);
    expect(first.segment).toBe("'@team");
    expect(first.sentiment_score).toBe('-0.988'); // a number: never prefixed
    expect(first.theme).toBe('battery · dies');
    expect(second.text).toBe('Line one\nline "two", with comma');
    expect(second.rating).toBe('');
    expect(third).toMatchObject({ id: "'-3", text: "'+1 great, 电池很好", theme: "'=cmd", duplicate_of: '1' });
    expect(rowsToCsv(rows, { bom: false }).startsWith('row,')).toBe(true);
  });
});

describe('rowsToJson', () => {
  it('keeps the text exactly and uses null for missing values', () => {
    const parsed = JSON.parse(rowsToJson(rows, { themeNames: { 0: 'battery' } })) as Array<Record<string, unknown>>;
    expect(parsed[0]).toMatchObject({ row: 1, text: '=HYPERLINK("http://evil","click")', theme: 'battery', sentiment_score: -0.988 });
    expect(parsed[1]).toMatchObject({ date: null, rating: null, sentiment: null, theme_id: null, theme: '' });
  });
});

describe('escapeMarkdown', () => {
  it('neutralises HTML, links, images, code, emphasis, tables and block starts', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert\\(1\\)&lt;/script&gt;');
    expect(escapeMarkdown('![x](http://e/i.png) [click](javascript:alert(1))')).toBe('\\!\\[x\\]\\(http://e/i.png\\) \\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(escapeMarkdown('`code` *bold* _it_ a|b')).toBe('\\`code\\` \\*bold\\* \\_it\\_ a\\|b');
    expect(escapeMarkdown('# Heading')).toBe('\\# Heading');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('line\n# two\n\n> three')).toBe('line \\# two &gt; three');
    expect(escapeMarkdown('AT&T 电池')).toBe('AT&amp;T 电池');
  });
});

function sampleReport(quote: string): InsightsReport {
  const theme: Theme = {
    id: 0,
    name: 'battery · dies · <b>',
    keywords: ['battery', 'dies', '<b>'],
    size: 40,
    rows: [],
    sentiment: { positive: 4, neutral: 0, negative: 36, unknown: 0 },
    shareNegative: 0.9,
    netSentiment: -0.8,
    quotes: [],
    negativeQuotes: [],
  };
  const pain: PainPoint = {
    themeId: 0,
    name: theme.name,
    keywords: theme.keywords,
    size: 40,
    shareNegative: 0.9,
    lift: 2,
    score: 36,
    summary: '40 rows (40% of all feedback), 90% negative against 45% overall; mentions battery, dies.',
    quotes: [{ row: 7, text: quote, truncated: false, similarity: 0.9, sentiment: 'negative' }],
  };
  const analysed: InsightRow[] = [
    { row: 1, id: '1', text: 'x', date: '2020-01-01', rating: null, segment: null, sentiment: 'negative', sentimentScore: -1, themeId: 0 },
    { row: 2, id: '2', text: 'y', date: '2020-01-02', rating: null, segment: null, sentiment: 'positive', sentimentScore: 1, themeId: 0 },
  ];
  return {
    title: 'Q3 <feedback>',
    generatedAt: '2026-01-01T00:00:00Z',
    source: 'reviews.csv',
    distribution: sentimentDistribution(analysed),
    themes: [theme],
    painPoints: [pain],
    trend: sentimentTrend(analysed),
    models: ['Xenova/distilbert-base-uncased-finetuned-sst-2-english'],
    notes: ['79 rows have no text and were left out.'],
  };
}

describe('markdownReport', () => {
  it('has figures, themes with keywords and sizes, and pain points with escaped quotes', () => {
    const md = markdownReport(sampleReport('<script>alert(1)</script> [click](http://evil) `rm -rf`'));
    expect(md).toMatch(/^# Q3 &lt;feedback&gt;\n/);
    expect(md).toContain('| Net sentiment | ±0.00 |');
    expect(md).toContain('| battery · dies · &lt;b&gt; | battery, dies, &lt;b&gt; | 40 | 90% | −0.80 |');
    expect(md).toContain('### 1. battery · dies · &lt;b&gt;');
    expect(md).toContain('Score 36.0.');
    expect(md).toContain('> &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[click\\]\\(http://evil\\) \\`rm -rf\\` _(row 7)_');
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/[^\\]\[click\]/);
    expect(md).toContain('- 79 rows have no text and were left out.');
  });
});

describe('htmlReport', () => {
  it('escapes every piece of user text: <script> in a quote comes out as &lt;script&gt;', () => {
    const html = htmlReport(sampleReport('<script>alert("x")</script><img src=x onerror=alert(1)>'));
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('<title>Q3 &lt;feedback&gt;</title>');
    expect(html).toContain('<h3>1. battery · dies · &lt;b&gt;</h3>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).toContain('Trend by day');
    expect(html.startsWith('<!doctype html>')).toBe(true);
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
