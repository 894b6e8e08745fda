import { describe, expect, it } from 'vitest';
import { exportFileName, summaryAsMarkdown, summaryAsText } from '../../../src/panels/summarize/exportSummary';

const labels = { title: 'Summary', source: 'Source', input: 'Input', parts: 'Partial summaries', part: (n: number) => `Part ${n}`, rouge: 'ROUGE' };

describe('summary export', () => {
  it('plain text is the summary and a final newline', () => {
    expect(summaryAsText('  The customer wants a refund.  ')).toBe('The customer wants a refund.\n');
  });

  it('Markdown carries the source, the input size, ROUGE and the partial summaries', () => {
    const score = { precision: 0.5, recall: 0.25, fmeasure: 1 / 3 };
    const md = summaryAsMarkdown(
      {
        summary: 'The customer wants a refund.',
        sourceName: 'chat.jsonl',
        inputLine: '1,044 tokens · window 512',
        partials: ['First part.', '# Not a heading'],
        rouge: { rouge1: score, rouge2: score, rougeL: score },
      },
      labels,
    );
    expect(md).toContain('# Summary\n\nThe customer wants a refund.');
    expect(md).toContain('- Source: chat.jsonl');
    expect(md).toContain('- Input: 1,044 tokens · window 512');
    expect(md).toContain('| ROUGE-L | 0.500 | 0.250 | 0.333 |');
    expect(md).toContain('### Part 2\n\n\\# Not a heading');
  });

  it('leaves out the parts section for a one-part summary and ROUGE without a reference', () => {
    const md = summaryAsMarkdown({ summary: 'Short.', partials: ['Short.'], rouge: null }, labels);
    expect(md).not.toContain('Partial summaries');
    expect(md).not.toContain('ROUGE');
  });

  it('a hostile source name and model text stay inert: no HTML, link, image or heading (issue 11.6)', () => {
    const hostile = '<img src=x onerror=alert(1)>[x](javascript:alert(2)).txt';
    const md = summaryAsMarkdown(
      { summary: 'Fine.\n<script>alert(3)</script>\n![i](http://x/y.png) and [a](javascript:alert(4))', sourceName: hostile, partials: ['# Part', '<b>x</b>'] },
      labels,
    );
    expect(md).toContain('- Source: &lt;img src=x onerror=alert\\(1\\)&gt;\\[x\\]\\(javascript:alert\\(2\\)\\).txt');
    expect(md).not.toMatch(/<img|<script|<b>/);
    expect(md).not.toMatch(/[^\\]\]\(/); // no unescaped "](" link or image
    // Line breaks of the summary are kept; each line is escaped on its own.
    expect(md).toContain('Fine.\n&lt;script&gt;alert\\(3\\)&lt;/script&gt;\n\\!\\[i\\]');
    expect(md).toContain('### Part 1\n\n\\# Part');
  });

  it('names the file after its source', () => {
    expect(exportFileName('support chat.jsonl', 'md')).toBe('support-chat-summary.md');
    expect(exportFileName(undefined, 'txt')).toBe('summary.txt');
    expect(exportFileName('会议记录.txt', 'txt')).toBe('会议记录-summary.txt');
  });
});
