import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { estimateTokens } from '../../../src/content/chunking';
import {
  chunkDocument,
  contentHash,
  cosineTopK,
  diffPassages,
  markdownSections,
  packVectors,
  parseFaqCsv,
  passageEmbeddingText,
  passagesFromFile,
  type Passage,
} from '../../../src/content/retrieval';
import { WorkbenchError } from '../../../src/core';

const here = path.dirname(fileURLToPath(import.meta.url));
const covidCsv = path.resolve(here, '../../../../shared/datasets/covid_faq_deepset/faq_covidbert.csv');

/** A deterministic PRNG so "random" vectors are the same on every run. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('cosineTopK', () => {
  const vectors = [
    [1, 0, 0], // 0
    [0, 1, 0], // 1
    [1, 1, 0], // 2: cos 0.707 to [1,0,0]
    [2, 0, 0], // 3: same direction as 0 (tie with 0)
    [0, 0, 0], // 4: zero vector
    [-1, 0, 0], // 5: opposite
  ];

  it('ranks by cosine similarity, not dot product, best first', () => {
    const top = cosineTopK([1, 0, 0], vectors, 3);
    expect(top.map((r) => r.index)).toEqual([0, 3, 2]);
    expect(top[0]?.score).toBeCloseTo(1, 6);
    expect(top[2]?.score).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('breaks ties by lower index, also when the tie is at the cut-off', () => {
    expect(cosineTopK([1, 0, 0], vectors, 1).map((r) => r.index)).toEqual([0]);
    const ties = [
      [0, 1],
      [1, 0],
      [0, 2],
      [0, 3],
      [5, 0],
    ];
    expect(cosineTopK([0, 1], ties, 2).map((r) => r.index)).toEqual([0, 2]);
    expect(cosineTopK([0, 1], ties, 3).map((r) => r.index)).toEqual([0, 2, 3]);
  });

  it('returns everything, sorted, when k exceeds the number of vectors', () => {
    const all = cosineTopK([1, 0, 0], vectors, 100);
    expect(all.map((r) => r.index)).toEqual([0, 3, 2, 1, 4, 5]);
    expect(all[5]?.score).toBeCloseTo(-1, 6);
  });

  it('scores zero vectors 0 instead of NaN', () => {
    const all = cosineTopK([1, 0, 0], vectors, 6);
    expect(all.find((r) => r.index === 4)?.score).toBe(0);
    const zeroQuery = cosineTopK([0, 0, 0], vectors, 6);
    expect(zeroQuery.every((r) => r.score === 0)).toBe(true);
    expect(zeroQuery.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('handles k ≤ 0, no vectors and dimension mismatches', () => {
    expect(cosineTopK([1, 0, 0], vectors, 0)).toEqual([]);
    expect(cosineTopK([1, 0, 0], [], 5)).toEqual([]);
    expect(() => cosineTopK([1, 0], vectors, 2)).toThrow(WorkbenchError);
    expect(() => packVectors([[1, 2], [1]])).toThrow(/dimensions/);
  });

  it('matches a full sort on 5,000 random 64-dim passages, packed or not', () => {
    const random = mulberry32(42);
    const dim = 64;
    const raw = Array.from({ length: 5000 }, () => Array.from({ length: dim }, () => random() * 2 - 1));
    raw[4321] = raw[17]!.slice(); // a duplicate: an exact tie
    const query = Float32Array.from(raw[17]!, (x) => x + 0.01);
    const matrix = packVectors(raw);
    const expected = raw
      .map((v, index) => {
        let dot = 0;
        let qn = 0;
        let vn = 0;
        for (let d = 0; d < dim; d++) {
          const a = Math.fround(query[d]!);
          const b = Math.fround(v[d]!);
          dot += a * b;
          qn += a * a;
          vn += b * b;
        }
        return { index, score: dot / Math.sqrt(qn) / Math.sqrt(vn) };
      })
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, 10);
    const top = cosineTopK(query, matrix, 10);
    expect(top.map((r) => r.index)).toEqual(expected.map((r) => r.index));
    expect(top.slice(0, 2).map((r) => r.index)).toEqual([17, 4321]);
    top.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 5));
    expect(cosineTopK(query, raw, 10).map((r) => r.index)).toEqual(expected.map((r) => r.index));
  });
});

describe('contentHash', () => {
  it('is FNV-1a 64 over UTF-8 (reference vectors)', () => {
    expect(contentHash('')).toBe('cbf29ce484222325');
    expect(contentHash('a')).toBe('af63dc4c8601ec8c');
    expect(contentHash('foobar')).toBe('85944171f73967e8');
  });

  it('is stable, and changes with any edit, including non-ASCII text', () => {
    expect(contentHash('你好，世界')).toBe(contentHash('你好，世界'));
    expect(contentHash('你好，世界')).not.toBe(contentHash('你好,世界'));
    expect(contentHash('Passage one.')).not.toBe(contentHash('Passage one. '));
    expect(contentHash('x'.repeat(100_000))).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('diffPassages', () => {
  const p = (id: string, text: string) => ({ id, hash: contentHash(text), text });

  it('embeds new and edited passages, reuses unchanged ones and lists removed ids', () => {
    const old = [p('d#0', 'alpha'), p('d#1', 'beta'), p('d#2', 'gamma')];
    const next = [p('d#0', 'alpha'), p('d#1', 'beta edited'), p('d#3', 'delta')];
    const diff = diffPassages(old, next);
    expect(diff.toEmbed.map((x) => x.id)).toEqual(['d#1', 'd#3']);
    expect(diff.unchanged.map((x) => [x.passage.id, x.reuseFrom])).toEqual([['d#0', 'd#0']]);
    expect(diff.removed).toEqual(['d#2']);
  });

  it('reuses vectors of passages whose ids shifted but whose text did not', () => {
    const old = [p('d#0', 'alpha'), p('d#1', 'beta')];
    const next = [p('d#0', 'inserted'), p('d#1', 'alpha'), p('d#2', 'beta')];
    const diff = diffPassages(old, next);
    expect(diff.toEmbed.map((x) => x.id)).toEqual(['d#0']);
    expect(diff.unchanged.map((x) => [x.passage.id, x.reuseFrom])).toEqual([
      ['d#1', 'd#0'],
      ['d#2', 'd#1'],
    ]);
    expect(diff.removed).toEqual([]);
  });

  it('handles empty sides and rejects duplicate new ids', () => {
    expect(diffPassages([], [p('a', 'x')]).toEmbed).toHaveLength(1);
    expect(diffPassages([p('a', 'x')], []).removed).toEqual(['a']);
    expect(() => diffPassages([], [p('a', 'x'), p('a', 'y')])).toThrow(/twice/);
  });
});

describe('parseFaqCsv', () => {
  it('reads all 213 question/answer pairs of the COVID FAQ file', () => {
    const { passages, skipped } = parseFaqCsv(readFileSync(covidCsv, 'utf8'), { docId: 'covid' });
    expect(passages).toHaveLength(213);
    expect(skipped).toBe(0);
    const first = passages[0] as Passage;
    expect(first.id).toBe('covid#0');
    expect(first.title).toBe('What is a novel coronavirus?');
    expect(first.text.startsWith('A novel coronavirus is a new coronavirus')).toBe(true);
    expect(first.text).toContain('\n\nA diagnosis with coronavirus 229E'); // multi-line answer kept
    expect(first.source).toBe('https://www.cdc.gov/coronavirus/2019-ncov/faq.html');
    expect(first.hash).toBe(contentHash(passageEmbeddingText(first)));
    expect(new Set(passages.map((x) => x.id)).size).toBe(213);
    // The HTML column is ignored: no markup leaks into passages.
    expect(passages.some((x) => /<p>|<a href/.test(x.text))).toBe(false);
  });

  it('splits long answers to the window when asked, keeping the question as title', () => {
    const { passages } = parseFaqCsv(readFileSync(covidCsv, 'utf8'), { countTokens: estimateTokens, maxTokens: 120, overlapTokens: 0 });
    expect(passages.length).toBeGreaterThan(213);
    for (const passage of passages) expect(estimateTokens(passage.text)).toBeLessThanOrEqual(120);
    const parts = passages.filter((x) => x.title === passages[0]!.title);
    expect(parts.length).toBeGreaterThanOrEqual(1);
  });

  it('matches columns case-insensitively, skips incomplete rows and strips a BOM', () => {
    const csv = '\uFEFFQuestion , Answer,Extra\n"Q1?","A1, with comma"\n"",orphan answer\nQ3?,\n"Q4?","Line ""quoted""\nsecond line"\n';
    const { passages, skipped } = parseFaqCsv(csv);
    expect(passages.map((x) => [x.title, x.text])).toEqual([
      ['Q1?', 'A1, with comma'],
      ['Q4?', 'Line "quoted"\nsecond line'],
    ]);
    expect(skipped).toBe(2);
  });

  it('reads an FAQ whose other columns are named __proto__, constructor or toString (issue 11 point 3)', () => {
    const csv = '__proto__,question,constructor,answer,toString\n{"polluted":true},How do I reset?,x,Hold the button.,y\nz,Where is my order?\n';
    const { passages, skipped } = parseFaqCsv(csv, { docId: 'odd' });
    expect(passages.map((x) => [x.title, x.text])).toEqual([['How do I reset?', 'Hold the button.']]);
    // The short second row has no answer cell: skipped, not answered by a prototype's function.
    expect(skipped).toBe(1);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects a CSV without question/answer columns or with broken quoting', () => {
    expect(() => parseFaqCsv('title,body\na,b\n')).toThrow(/"question" and an "answer" column.*title, body/);
    expect(() => parseFaqCsv('question,answer\n"open quote,never closed\n')).toThrow(WorkbenchError);
  });
});

describe('Markdown and text passages', () => {
  const markdown = [
    '---',
    'title: front matter',
    '---',
    'Intro paragraph.',
    '',
    '# Setup',
    'Install it.',
    '',
    '## Windows',
    'Run the installer.',
    '```sh',
    '# not a heading',
    '```',
    '',
    'Linux',
    '-----',
    'Use apt.',
    '',
    '# Usage ##',
    'Open the app.',
  ].join('\n');

  it('splits by ATX and setext headings, with heading paths, skipping code fences and front matter', () => {
    const sections = markdownSections(markdown);
    expect(sections.map((s) => [s.headings.join(' > '), markdown.slice(s.start, s.end).trim()])).toEqual([
      ['', 'Intro paragraph.'],
      ['Setup', 'Install it.'],
      ['Setup > Windows', 'Run the installer.\n```sh\n# not a heading\n```'],
      ['Setup > Linux', 'Use apt.'],
      ['Usage', 'Open the app.'],
    ]);
  });

  it('makes one passage per section with offsets into the document', () => {
    const passages = chunkDocument({ id: 'guide', text: markdown, format: 'markdown', title: 'Guide' });
    expect(passages.map((p) => [p.id, p.title])).toEqual([
      ['guide#0', 'Guide'],
      ['guide#1', 'Setup'],
      ['guide#2', 'Setup › Windows'],
      ['guide#3', 'Setup › Linux'],
      ['guide#4', 'Usage'],
    ]);
    for (const p of passages) expect(markdown.slice(p.start, p.end)).toBe(p.text);
    expect(passageEmbeddingText(passages[3]!)).toBe('Setup › Linux\nUse apt.');
  });

  it('packs paragraphs of plain text up to the limit, with overlap, never across nothing', () => {
    const paragraphs = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} talks about feature ${i}. It has two sentences.`);
    const text = paragraphs.join('\n\n');
    const passages = chunkDocument({ id: 'notes', text }, { countTokens: estimateTokens, maxTokens: 40, overlapTokens: 8 });
    expect(passages.length).toBeGreaterThan(5);
    for (const p of passages) {
      expect(estimateTokens(p.text)).toBeLessThanOrEqual(40);
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.title).toBeUndefined();
      expect('title' in p).toBe(false);
    }
  });

  it('chooses the parser from the file extension', () => {
    expect(passagesFromFile('faq.CSV', 'question,answer\nq,a\n')[0]).toMatchObject({ id: 'faq.CSV#0', title: 'q', text: 'a' });
    expect(passagesFromFile('guide.md', '# A\ntext a\n# B\ntext b').map((p) => p.title)).toEqual(['A', 'B']);
    expect(passagesFromFile('notes.txt', '# not a heading in text\nbody').map((p) => p.title)).toEqual(['notes']);
    expect(passagesFromFile('empty.txt', '  \n ')).toEqual([]);
  });
});
