import { describe, expect, it } from 'vitest';
import { htmlReport, markdownReport, type InsightRow, type Theme } from '../../../../src/insights';
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
    expect(report.painPoints[0]?.themeSummary).toBe('Customers say the device keeps disconnecting');
    expect(report.distribution.total).toBe(2);
    expect(report.trend?.buckets).toHaveLength(2);
    const markdown = markdownReport(report);
    expect(markdown).toContain('### 1. Connection drops');
    expect(markdown).toContain('Generated 2024-01-02T03:04:05.000Z');
    expect(markdown).toContain(
      'Customers say the device keeps disconnecting. 8 rows (44% of all feedback), 75% negative against 39% overall; mentions wifi, connect. Score 6.0.',
    );
  });

  it('is written in Chinese when the UI is Chinese: headings, figures, pain points and the HTML page’s language', () => {
    const report = buildReport({
      title: '外卖评价',
      language: 'zh-CN',
      rows,
      themes: [theme(0, 10, 1, '味道 · 好吃'), theme(1, 8, 6, '送餐 · 太慢')],
      summaries: new Map([[1, '顾客说送餐太慢']]),
      now: new Date('2024-01-02T03:04:05Z'),
    });
    const markdown = markdownReport(report);
    for (const heading of ['## 概览', '## 主题', '## 痛点', '| 指标 | 数值 |', '| 净情感 |', '生成于 2024-01-02T03:04:05.000Z'])
      expect(markdown).toContain(heading);
    expect(markdown).toContain('顾客说送餐太慢。 8 条（占全部反馈的 44%），负面占 75%，整体为 39%；提到：送餐、太慢。 得分 6.0。');
    expect(markdown).toContain('_(第 1 行)_');
    // Apart from the dates, model ids and the data, no English is left.
    expect(markdown.replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z/, '')).not.toMatch(/\b(Figures|Themes|Pain points|Rows|Generated|Score|row|Net)\b/);
    const html = htmlReport(report);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<h2>痛点</h2>');
    expect(html).toContain('aria-label="正面 50%，中性 0%，负面 50%"');
  });
});
