/**
 * The summary as a file. Plain text is the summary alone; Markdown adds what a reader of the file
 * needs to trust it: how long the input was against the model window, the parts it was split
 * into and their partial summaries, and ROUGE when there was a reference. Labels are passed in
 * translated, so the file is in the user's language.
 */
import type { RougeScores } from '../../evaluate/rouge';
import { escapeMarkdown } from '../../insights/export';

export interface SummaryExportLabels {
  title: string;
  source: string;
  input: string;
  parts: string;
  part: (n: number) => string;
  rouge: string;
}

export interface SummaryExport {
  summary: string;
  sourceName?: string;
  /** e.g. "1,834 tokens · model window 512 · split into 4 parts" (already formatted). */
  inputLine?: string;
  /** Level-0 partial summaries, in order; left out when the input was a single part. */
  partials?: readonly string[];
  rouge?: RougeScores | null;
}

export function summaryAsText(summary: string): string {
  return `${summary.trim()}\n`;
}

/**
 * Model text and file names are inert in the file, as in the Insights report: no raw HTML, links,
 * images, code, headings or lists, whatever the model wrote or the file was called. Line breaks
 * are kept (paragraphs of a summary), each line escaped on its own.
 */
function escapeLines(text: string): string {
  return text
    .split('\n')
    .map((line) => escapeMarkdown(line))
    .join('\n');
}

export function summaryAsMarkdown(data: SummaryExport, labels: SummaryExportLabels): string {
  const lines: string[] = [`# ${labels.title}`, '', escapeLines(data.summary.trim()), ''];
  if (data.sourceName) lines.push(`- ${labels.source}: ${escapeMarkdown(data.sourceName)}`);
  if (data.inputLine) lines.push(`- ${labels.input}: ${data.inputLine}`);
  if (data.sourceName || data.inputLine) lines.push('');
  if (data.rouge) {
    const f = (x: number) => x.toFixed(3);
    lines.push(`## ${labels.rouge}`, '', '| | P | R | F1 |', '|---|---|---|---|');
    for (const [name, key] of [
      ['ROUGE-1', 'rouge1'],
      ['ROUGE-2', 'rouge2'],
      ['ROUGE-L', 'rougeL'],
    ] as const) {
      const s = data.rouge[key];
      lines.push(`| ${name} | ${f(s.precision)} | ${f(s.recall)} | ${f(s.fmeasure)} |`);
    }
    lines.push('');
  }
  if (data.partials && data.partials.length > 1) {
    lines.push(`## ${labels.parts}`, '');
    data.partials.forEach((partial, i) => lines.push(`### ${labels.part(i + 1)}`, '', escapeLines(partial.trim()), ''));
  }
  return lines.join('\n');
}

/** "support-chat.jsonl" → "support-chat-summary.md"; no name → "summary.md". */
export function exportFileName(sourceName: string | undefined, extension: 'txt' | 'md'): string {
  const stem = (sourceName ?? '')
    .replace(/\.[^.]+$/, '')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return `${stem ? `${stem}-` : ''}summary.${extension}`;
}
