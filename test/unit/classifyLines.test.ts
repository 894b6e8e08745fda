import { describe, expect, it } from 'vitest';
import { splitLines } from '../../src/panels/classify/lines';
import { countLabels, labelTone, toTsv } from '../../src/panels/classify/results';

describe('splitLines', () => {
  it('gives one trimmed item per line', () => {
    expect(splitLines('  love it \nhate the new menu\t\nok')).toEqual({ items: ['love it', 'hate the new menu', 'ok'], dropped: 0 });
  });

  it('drops empty and whitespace-only lines and counts them', () => {
    expect(splitLines('a\n\n   \nb\n\t\nc')).toEqual({ items: ['a', 'b', 'c'], dropped: 3 });
  });

  it('handles Windows and old Mac line breaks', () => {
    expect(splitLines('a\r\nb\rc\r\n\r\nd')).toEqual({ items: ['a', 'b', 'c', 'd'], dropped: 1 });
  });

  it('does not count the single line break that ends the last line', () => {
    expect(splitLines('a\nb\n')).toEqual({ items: ['a', 'b'], dropped: 0 });
    expect(splitLines('a\r\n')).toEqual({ items: ['a'], dropped: 0 });
    expect(splitLines('a\n\n')).toEqual({ items: ['a'], dropped: 1 });
  });

  it('gives nothing for empty input and reports blank input as dropped lines', () => {
    expect(splitLines('')).toEqual({ items: [], dropped: 0 });
    expect(splitLines('   ')).toEqual({ items: [], dropped: 1 });
    expect(splitLines('\n\n')).toEqual({ items: [], dropped: 2 });
  });

  it('keeps duplicates, order and inner whitespace', () => {
    expect(splitLines('same\nsame\n  two  words ').items).toEqual(['same', 'same', 'two  words']);
  });

  it('keeps non-Latin text and markup as plain text', () => {
    expect(splitLines('很好用\n<b>bold</b>').items).toEqual(['很好用', '<b>bold</b>']);
  });

  it('copes with large pastes', () => {
    const text = Array.from({ length: 20_000 }, (_, i) => (i % 4 === 0 ? '' : `item ${i}`)).join('\n');
    const parsed = splitLines(text);
    expect(parsed.items.length + parsed.dropped).toBe(20_000);
    expect(parsed.dropped).toBe(5_000);
  });
});

describe('classification results helpers', () => {
  const rows = [
    { text: 'a\tb', label: 'POSITIVE', score: 0.98765 },
    { text: 'line\nbreak', label: 'NEGATIVE', score: 0.5 },
    { text: 'c', label: 'POSITIVE', score: 1 },
  ];

  it('exports TSV with a header, one row per item and no stray tabs or line breaks', () => {
    expect(toTsv(rows, ['Feedback', 'Label', 'Confidence'])).toBe(
      'Feedback\tLabel\tConfidence\na b\tPOSITIVE\t0.9877\nline break\tNEGATIVE\t0.5000\nc\tPOSITIVE\t1.0000\n',
    );
  });

  it('makes cells that start like a spreadsheet formula text, as the CSV export does', () => {
    const hostile = [
      { text: '=HYPERLINK("http://x","y")', label: 'NEGATIVE', score: 0.5 },
      { text: '@SUM(A1)', label: 'POSITIVE', score: 1 },
    ];
    expect(toTsv(hostile, ['t', 'l', 's'])).toBe(`t\tl\ts\n'=HYPERLINK("http://x","y")\tNEGATIVE\t0.5000\n'@SUM(A1)\tPOSITIVE\t1.0000\n`);
  });

  it('counts labels, most frequent first', () => {
    expect(countLabels(rows)).toEqual([
      { label: 'POSITIVE', count: 2 },
      { label: 'NEGATIVE', count: 1 },
    ]);
  });

  it('gives labels a tone', () => {
    expect(labelTone('POSITIVE')).toBe('positive');
    expect(labelTone('NEGATIVE')).toBe('negative');
    expect(labelTone('5 stars')).toBe('positive');
    expect(labelTone('1 star')).toBe('negative');
    expect(labelTone('3 stars')).toBe('neutral');
    expect(labelTone('mixed')).toBe('neutral');
  });
});
