/**
 * Exports: row-level CSV and JSON, a Markdown report and a printable HTML report.
 *
 * Feedback text is untrusted. CSV cells that a spreadsheet would run as a formula are prefixed
 * with "'"; Markdown escapes everything that could become markup (links, HTML, code, headings);
 * HTML escapes every piece of text and the page carries a CSP that forbids scripts outright.
 */
import Papa from 'papaparse';
import type { Distribution, Trend } from './aggregate';
import { numberFormat } from '../core';
import { reportText } from './reportText';
import type { InsightRow, PainPoint, SentimentCounts, Theme } from './types';

// ---------------------------------------------------------------------------------------------
// Rows

/** Cells starting with these are formulas to Excel, LibreOffice and Google Sheets (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes a single quote to text a spreadsheet would evaluate. Numbers are never touched. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export interface RowExportOptions {
  /** Theme names by theme id, to add a readable "theme" column. */
  themeNames?: ReadonlyMap<number, string> | Readonly<Record<number, string>>;
  /** Start the CSV with a UTF-8 BOM so Excel shows Chinese and accented text correctly (default true). */
  bom?: boolean;
  /**
   * Add the "category" and "category_score" columns (a custom classifier's result). By default
   * they are added when any row has a category.
   */
  category?: boolean;
}

export const ROW_COLUMNS = ['row', 'id', 'date', 'rating', 'segment', 'sentiment', 'sentiment_score', 'theme_id', 'theme', 'duplicate_of', 'text'] as const;

/** The custom classifier's columns, placed after "theme" when present. */
export const CATEGORY_COLUMNS = ['category', 'category_score'] as const;

type RowColumn = (typeof ROW_COLUMNS)[number] | (typeof CATEGORY_COLUMNS)[number];

/** The exported columns, in order: ROW_COLUMNS, with CATEGORY_COLUMNS after "theme" when asked. */
export function rowColumns(rows: readonly InsightRow[], category?: boolean): RowColumn[] {
  const withCategory = category ?? rows.some((row) => row.category !== undefined && row.category !== null);
  if (!withCategory) return [...ROW_COLUMNS];
  const at = ROW_COLUMNS.indexOf('theme') + 1;
  return [...ROW_COLUMNS.slice(0, at), ...CATEGORY_COLUMNS, ...ROW_COLUMNS.slice(at)];
}

function themeNameOf(names: RowExportOptions['themeNames'], id: number | null): string {
  if (id === null || !names) return '';
  return (names instanceof Map ? names.get(id) : (names as Record<number, string>)[id]) ?? '';
}

const round3 = (value: number) => Math.round(value * 1000) / 1000;

function rowRecord(row: InsightRow, names: RowExportOptions['themeNames']): Record<RowColumn, string | number | null> {
  return {
    row: row.row,
    id: row.id,
    date: row.date,
    rating: row.rating,
    segment: row.segment,
    sentiment: row.sentiment,
    sentiment_score: row.sentimentScore === null ? null : Math.round(row.sentimentScore * 1000) / 1000,
    theme_id: row.themeId,
    theme: themeNameOf(names, row.themeId),
    category: row.category ?? null,
    category_score: row.categoryScore === undefined || row.categoryScore === null ? null : round3(row.categoryScore),
    duplicate_of: row.duplicateOf ?? null,
    text: row.text,
  };
}

/** One line per row, CRLF line ends, quoted where needed, formula cells guarded. */
export function rowsToCsv(rows: readonly InsightRow[], options: RowExportOptions = {}): string {
  const columns = rowColumns(rows, options.category);
  const data = rows.map((row) => {
    const record = rowRecord(row, options.themeNames);
    return columns.map((column) => {
      const value = record[column];
      if (value === null) return '';
      return typeof value === 'number' ? String(value) : guardFormula(value);
    });
  });
  const csv = Papa.unparse({ fields: columns, data }, { newline: '\r\n', quotes: false });
  return ((options.bom ?? true) ? '\uFEFF' : '') + csv;
}

/** The same rows as a JSON array (text kept exactly: JSON has no formula problem). */
export function rowsToJson(rows: readonly InsightRow[], options: Pick<RowExportOptions, 'themeNames' | 'category'> = {}): string {
  const columns = rowColumns(rows, options.category);
  return JSON.stringify(
    rows.map((row) => {
      const record = rowRecord(row, options.themeNames);
      return Object.fromEntries(columns.map((column) => [column, record[column]]));
    }),
    null,
    2,
  );
}

// ---------------------------------------------------------------------------------------------
// Reports

export interface InsightsReport {
  title: string;
  /** ISO timestamp. */
  generatedAt: string;
  /** The UI's language when the report was made: its headings and figures are written in it. Default English. */
  language?: string;
  /** The imported file's name, if any. */
  source?: string;
  distribution: Distribution;
  themes: readonly Theme[];
  painPoints: readonly ReportPainPoint[];
  trend?: Trend;
  /** Model ids used, for the record. */
  models?: readonly string[];
  /** Import notes worth repeating (empty rows left out, duplicates...), in the UI's language. */
  notes?: readonly string[];
  /** The rows per category of a custom classifier, when one ran on the dataset. */
  categories?: ReportCategories;
}

/** A pain point with the summary of its theme's negative feedback, when one was made. */
export type ReportPainPoint = PainPoint & { themeSummary?: string };

export interface ReportCategories {
  /** The classifier's model id, e.g. `custom:support-topics`. */
  model: string;
  /** Every row of the dataset. */
  total: number;
  /** Rows the classifier has not reached. */
  uncategorized: number;
  entries: ReadonlyArray<{ label: string; count: number; counts: SentimentCounts }>;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 100)}%`;
}

function signed(x: number): string {
  return `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x).toFixed(2)}`;
}

/** (positive − negative) / classified, or "–" when no row of the group has a sentiment yet. */
function netOf(counts: SentimentCounts): string {
  const classified = counts.positive + counts.neutral + counts.negative;
  return classified === 0 ? '–' : signed((counts.positive - counts.negative) / classified);
}

/** What both formats say, in the report's language, before escaping for the format. */
function reportWords(report: InsightsReport) {
  const text = reportText(report.language);
  const count = (n: number) => numberFormat(text.htmlLang).format(n);
  const totalThemeRows = report.themes.reduce((sum, theme) => sum + theme.size, 0);
  const painLine = (pain: ReportPainPoint, escape: (text: string) => string) => {
    const overall = pain.lift > 0 ? pain.shareNegative / pain.lift : pain.shareNegative;
    const figures = text.painFigures({
      rows: count(pain.size),
      shareOfAll: percent(pain.size, Math.max(1, totalThemeRows)),
      shareNegative: percent(pain.shareNegative, 1),
      overall: percent(overall, 1),
      keywords: pain.keywords.slice(0, 5).map(escape).join(text.listSeparator),
    });
    return [pain.themeSummary ? escape(text.sentence(pain.themeSummary)) : '', figures, text.score(pain.score.toFixed(1))].filter(Boolean).join(' ');
  };
  const meta = (escape: (text: string) => string) => {
    const parts = [text.generated(escape(report.generatedAt))];
    if (report.source) parts.push(text.from(escape(report.source)));
    if (report.models?.length) parts.push(text.with(report.models.map(escape).join(text.listSeparator)));
    return parts.join(' ');
  };
  return { text, count, painLine, meta };
}

/**
 * Makes user text inert in Markdown: HTML-significant characters become entities (no raw HTML,
 * no autolinks), Markdown punctuation is backslash-escaped (no links, images, code, emphasis,
 * tables), line breaks become spaces (a quote cannot start a new block), and a leading "#",
 * ">", "-", "+" or "1." cannot start a heading, quote or list.
 */
export function escapeMarkdown(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const escaped = flat
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
  // A leading "-" or "1." would start a list; the others are already escaped above.
  return escaped.replace(/^-/, '\\-').replace(/^(\d+)([.)])/, '$1\\$2');
}

export function markdownReport(report: InsightsReport): string {
  const d = report.distribution;
  const { text, count, painLine, meta } = reportWords(report);
  const lines: string[] = [];
  lines.push(`# ${escapeMarkdown(report.title)}`, '');
  lines.push(meta(escapeMarkdown), '');

  lines.push(`## ${text.figures}`, '', `| ${text.figure} | ${text.value} |`, '| --- | --- |');
  lines.push(`| ${text.rows} | ${count(d.total)} |`);
  lines.push(`| ${text.positive} | ${count(d.positive)} (${percent(d.positive, d.classified)}) |`);
  lines.push(`| ${text.neutral} | ${count(d.neutral)} (${percent(d.neutral, d.classified)}) |`);
  lines.push(`| ${text.negative} | ${count(d.negative)} (${percent(d.negative, d.classified)}) |`);
  if (d.unknown > 0) lines.push(`| ${text.notClassified} | ${count(d.unknown)} |`);
  lines.push(`| ${text.netSentiment} | ${signed(d.net)} |`, '');
  for (const note of report.notes ?? []) lines.push(`- ${escapeMarkdown(note)}`);
  if (report.notes?.length) lines.push('');

  // The same trend the HTML report shows, its bar as the three counts.
  if (report.trend && report.trend.buckets.length > 0) {
    lines.push(`## ${text.trendBy(report.trend.granularity)}`, '');
    lines.push(
      `| ${text.period} | ${text.rows} | ${text.positive} | ${text.neutral} | ${text.negative} | ${text.net} |`,
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const bucket of report.trend.buckets) {
      const c = bucket.counts;
      lines.push(
        `| ${escapeMarkdown(bucket.label)} | ${count(bucket.total)} | ${count(c.positive)} | ${count(c.neutral)} | ${count(c.negative)} | ${bucket.net === null ? '–' : signed(bucket.net)} |`,
      );
    }
    lines.push('');
  }

  if (report.categories) {
    const c = report.categories;
    const categorized = c.total - c.uncategorized;
    lines.push(`## ${text.categories}`, '', text.by(escapeMarkdown(c.model)), '');
    lines.push(`| ${text.category} | ${text.rows} | ${text.share} | ${text.netSentiment} |`, '| --- | ---: | ---: | ---: |');
    for (const entry of c.entries) {
      lines.push(`| ${escapeMarkdown(entry.label)} | ${count(entry.count)} | ${percent(entry.count, categorized)} | ${netOf(entry.counts)} |`);
    }
    if (c.uncategorized > 0) lines.push(`| ${text.notCategorized} | ${count(c.uncategorized)} | | |`);
    lines.push('');
  }

  lines.push(`## ${text.themes}`, '');
  if (report.themes.length === 0) lines.push(text.noThemes, '');
  else {
    lines.push(`| ${text.theme} | ${text.keywords} | ${text.rows} | ${text.negative} | ${text.net} |`, '| --- | --- | ---: | ---: | ---: |');
    for (const theme of report.themes) {
      lines.push(
        `| ${escapeMarkdown(theme.name)} | ${theme.keywords.map(escapeMarkdown).join(text.listSeparator)} | ${count(theme.size)} | ${percent(theme.shareNegative, 1)} | ${signed(theme.netSentiment)} |`,
      );
    }
    lines.push('');
  }

  lines.push(`## ${text.painPoints}`, '');
  if (report.painPoints.length === 0) lines.push(text.noPainPoints, '');
  report.painPoints.forEach((pain, i) => {
    lines.push(`### ${i + 1}. ${escapeMarkdown(pain.name)}`, '');
    lines.push(painLine(pain, escapeMarkdown), '');
    for (const quote of pain.quotes) lines.push(`> ${escapeMarkdown(quote.text)} _(${text.row(quote.row)})_`, '');
  });
  return (
    lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text → HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1f;max-width:56rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}h3{margin-bottom:.3rem}
.meta{color:#555}table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}.bar{display:flex;height:.6rem;min-width:6rem;border-radius:3px;overflow:hidden;background:#eee}
.pos{background:#2e7d32}.neu{background:#9e9e9e}.neg{background:#c62828}blockquote{margin:.4rem 0;padding:.2rem .8rem;border-left:3px solid #c62828;background:#fafafa}
.row{color:#777;font-size:.85em}@media print{body{margin:0}h2{break-after:avoid}.pain{break-inside:avoid}}`;

/** A self-contained page to print or save as PDF. No scripts, no external resources. */
export function htmlReport(report: InsightsReport): string {
  const d = report.distribution;
  const { text, count, painLine, meta } = reportWords(report);
  const bar = (positive: number, neutral: number, negative: number) => {
    const total = positive + neutral + negative || 1;
    const width = (n: number) => ((n / total) * 100).toFixed(1);
    const label = text.barLabel(percent(positive, total), percent(neutral, total), percent(negative, total));
    return `<div class="bar" role="img" aria-label="${escapeHtml(label)}"><span class="pos" style="width:${width(positive)}%"></span><span class="neu" style="width:${width(neutral)}%"></span><span class="neg" style="width:${width(negative)}%"></span></div>`;
  };
  const row = (label: string, value: string) => `<tr><th>${label}</th><td class="n">${value}</td></tr>`;
  const parts: string[] = [];
  parts.push(
    '<!doctype html>',
    `<html lang="${text.htmlLang}"><head><meta charset="utf-8">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(report.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeHtml(report.title)}</h1>`,
  );
  parts.push(`<p class="meta">${meta(escapeHtml)}</p>`);

  parts.push(`<h2>${text.figures}</h2><table>`);
  parts.push(row(text.rows, count(d.total)));
  parts.push(row(text.positive, `${count(d.positive)} (${percent(d.positive, d.classified)})`));
  parts.push(row(text.neutral, `${count(d.neutral)} (${percent(d.neutral, d.classified)})`));
  parts.push(row(text.negative, `${count(d.negative)} (${percent(d.negative, d.classified)})`));
  if (d.unknown > 0) parts.push(row(text.notClassified, count(d.unknown)));
  parts.push(`${row(text.netSentiment, signed(d.net))}</table>`);
  parts.push(bar(d.positive, d.neutral, d.negative));
  if (report.notes?.length) parts.push(`<ul>${report.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`);

  if (report.trend && report.trend.buckets.length > 0) {
    parts.push(
      `<h2>${text.trendBy(report.trend.granularity)}</h2><table><tr><th>${text.period}</th><th>${text.rows}</th><th>${text.net}</th><th>${text.mix}</th></tr>`,
    );
    for (const bucket of report.trend.buckets) {
      const c = bucket.counts;
      parts.push(
        `<tr><td>${escapeHtml(bucket.label)}</td><td class="n">${count(bucket.total)}</td><td class="n">${bucket.net === null ? '–' : signed(bucket.net)}</td><td>${bar(c.positive, c.neutral, c.negative)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }

  if (report.categories) {
    const c = report.categories;
    const categorized = c.total - c.uncategorized;
    parts.push(`<h2>${text.categories}</h2><p class="meta">${text.by(escapeHtml(c.model))}</p>`);
    parts.push(`<table><tr><th>${text.category}</th><th>${text.rows}</th><th>${text.share}</th><th>${text.net}</th><th>${text.mix}</th></tr>`);
    for (const entry of c.entries) {
      const s = entry.counts;
      parts.push(
        `<tr><td>${escapeHtml(entry.label)}</td><td class="n">${count(entry.count)}</td><td class="n">${percent(entry.count, categorized)}</td><td class="n">${netOf(s)}</td><td>${bar(s.positive, s.neutral, s.negative)}</td></tr>`,
      );
    }
    if (c.uncategorized > 0) parts.push(`<tr><td>${text.notCategorized}</td><td class="n">${count(c.uncategorized)}</td><td></td><td></td><td></td></tr>`);
    parts.push('</table>');
  }

  parts.push(`<h2>${text.themes}</h2>`);
  if (report.themes.length === 0) parts.push(`<p>${text.noThemes}</p>`);
  else {
    parts.push(
      `<table><tr><th>${text.theme}</th><th>${text.keywords}</th><th>${text.rows}</th><th>${text.negative}</th><th>${text.net}</th><th>${text.mix}</th></tr>`,
    );
    for (const theme of report.themes) {
      const s = theme.sentiment;
      parts.push(
        `<tr><td>${escapeHtml(theme.name)}</td><td>${escapeHtml(theme.keywords.join(text.listSeparator))}</td><td class="n">${count(theme.size)}</td><td class="n">${percent(theme.shareNegative, 1)}</td><td class="n">${signed(theme.netSentiment)}</td><td>${bar(s.positive, s.neutral, s.negative)}</td></tr>`,
      );
    }
    parts.push('</table>');
  }

  parts.push(`<h2>${text.painPoints}</h2>`);
  if (report.painPoints.length === 0) parts.push(`<p>${text.noPainPoints}</p>`);
  report.painPoints.forEach((pain, i) => {
    parts.push(`<section class="pain"><h3>${i + 1}. ${escapeHtml(pain.name)}</h3>`);
    parts.push(`<p>${painLine(pain, escapeHtml)}</p>`);
    parts.push(
      ...pain.quotes.map((quote) => `<blockquote>${escapeHtml(quote.text)} <span class="row">(${text.row(quote.row)})</span></blockquote>`),
      '</section>',
    );
  });
  parts.push('</body></html>');
  return parts.join('\n');
}
