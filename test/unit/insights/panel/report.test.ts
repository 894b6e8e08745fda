import { describe, expect, it } from 'vitest';
import { markdownReport, type InsightRow, type Theme } from '../../../../src/insights';
import { buildReport } from '../../../../src/panels/insights/logic/report';

function theme(id: number, size: number, negative: number, name: string): Theme {
  const positive = size - negative;
  return {
    id,
    name,
    keywords: name.split(' · '),
    size,
    rows: [],
    sentiment: { positive, neutral: 0, negative, unknown: 0 },
    shareNegative: negative / size,
    netSentiment: (positive - negative) / size,
    quotes: [{ row: 1, text: 'It keeps disconnecting', truncated: false, similarity: 0.9, sentiment: 'negative' }],
    negativeQuotes: [{ row: 1, text: 'It keeps disconnecting', truncated: false, similarity: 0.9, sentiment: 'negative' }],
  };
}

const rows: InsightRow[] = [
  { row: 1, id: 'a', text: 'x', date: '2018-07-30', rating: 1, segment: null, sentiment: 'negative', sentimentScore: -0.9, themeId: 1 },
  { row: 2, id: 'b', text: 'y', date: '2018-07-31', rating: 5, segment: null, sentiment: 'positive', sentimentScore: 0.9, themeId: 0 },
];

describe('buildReport', () => {
  it("uses the user's theme names and puts the model summary before the figures", () => {
    const report = buildReport({
      title: 'Feedback',
      rows,
      themes: [theme(0, 10, 1, 'sound · music'), theme(1, 8, 6, 'wifi · connect')],
      names: { 1: 'Connection drops' },
      summaries: new Map([[1, 'Customers say the device keeps disconnecting']]),
      now: new Date('2024-01-02T03:04:05Z'),
    });
    expect(report.themes.map((t) => t.name)).toEqual(['sound · music', 'Connection drops']);
    expect(report.painPoints[0]?.name).toBe('Connection drops');
    expect(report.painPoints[0]?.summary).toMatch(/^Customers say the device keeps disconnecting\. 8 rows/);
    expect(report.distribution.total).toBe(2);
    expect(report.trend?.buckets).toHaveLength(2);
    const markdown = markdownReport(report);
    expect(markdown).toContain('### 1. Connection drops');
    expect(markdown).toContain('Generated 2024-01-02T03:04:05.000Z');
  });
});
