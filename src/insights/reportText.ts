/**
 * The words of the Markdown and HTML reports in each UI language. The reports are files the
 * user shares with their team, written when the UI's language is set: a Chinese UI gives a
 * Chinese report. Values are put in already escaped for the format (Markdown or HTML) by export.ts.
 */
import type { Granularity } from './aggregate';
import { uiLanguageOf } from '../core';

export interface PainFigures {
  rows: string;
  shareOfAll: string;
  shareNegative: string;
  overall: string;
  /** Already joined, or '' when the theme has none. */
  keywords: string;
}

export interface ReportText {
  /** The `lang` of the HTML page. */
  htmlLang: string;
  generated(at: string): string;
  from(source: string): string;
  with(models: string): string;
  figures: string;
  figure: string;
  value: string;
  rows: string;
  positive: string;
  neutral: string;
  negative: string;
  notClassified: string;
  netSentiment: string;
  trendBy(granularity: Granularity): string;
  period: string;
  net: string;
  mix: string;
  categories: string;
  by(model: string): string;
  category: string;
  share: string;
  notCategorized: string;
  themes: string;
  noThemes: string;
  theme: string;
  keywords: string;
  painPoints: string;
  noPainPoints: string;
  painFigures(figures: PainFigures): string;
  score(score: string): string;
  row(row: number): string;
  barLabel(positive: string, neutral: string, negative: string): string;
  /** Separator of keyword and model lists. */
  listSeparator: string;
  /** A model's summary ended as a sentence, so the figures after it start a new one. */
  sentence(text: string): string;
}

const ENDS_SENTENCE = /[.!?。！？]$/;

const GRANULARITY_EN: Record<Granularity, string> = { day: 'day', week: 'week', month: 'month' };
const GRANULARITY_ZH: Record<Granularity, string> = { day: '日', week: '周', month: '月' };

const EN: ReportText = {
  htmlLang: 'en',
  generated: (at) => `Generated ${at}`,
  from: (source) => `from ${source}`,
  with: (models) => `with ${models}`,
  figures: 'Figures',
  figure: 'Figure',
  value: 'Value',
  rows: 'Rows',
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  notClassified: 'Not classified',
  netSentiment: 'Net sentiment',
  trendBy: (granularity) => `Trend by ${GRANULARITY_EN[granularity]}`,
  period: 'Period',
  net: 'Net',
  mix: 'Mix',
  categories: 'Categories',
  by: (model) => `By ${model}.`,
  category: 'Category',
  share: 'Share',
  notCategorized: 'Not categorized',
  themes: 'Themes',
  noThemes: 'No themes yet.',
  theme: 'Theme',
  keywords: 'Keywords',
  painPoints: 'Pain points',
  noPainPoints: 'No theme leans negative.',
  painFigures: (f) =>
    `${f.rows} rows (${f.shareOfAll} of all feedback), ${f.shareNegative} negative against ${f.overall} overall` +
    (f.keywords ? `; mentions ${f.keywords}.` : '.'),
  score: (score) => `Score ${score}.`,
  row: (row) => `row ${row}`,
  barLabel: (positive, neutral, negative) => `${positive} positive, ${neutral} neutral, ${negative} negative`,
  listSeparator: ', ',
  sentence: (text) => (ENDS_SENTENCE.test(text) ? text : `${text}.`),
};

const ZH: ReportText = {
  htmlLang: 'zh-CN',
  generated: (at) => `生成于 ${at}`,
  from: (source) => `来源：${source}`,
  with: (models) => `模型：${models}`,
  figures: '概览',
  figure: '指标',
  value: '数值',
  rows: '条数',
  positive: '正面',
  neutral: '中性',
  negative: '负面',
  notClassified: '未分析',
  netSentiment: '净情感',
  trendBy: (granularity) => `按${GRANULARITY_ZH[granularity]}趋势`,
  period: '时间段',
  net: '净情感',
  mix: '构成',
  categories: '分类',
  by: (model) => `分类器：${model}。`,
  category: '类别',
  share: '占比',
  notCategorized: '未分类',
  themes: '主题',
  noThemes: '暂无主题。',
  theme: '主题',
  keywords: '关键词',
  painPoints: '痛点',
  noPainPoints: '没有偏负面的主题。',
  painFigures: (f) =>
    `${f.rows} 条（占全部反馈的 ${f.shareOfAll}），负面占 ${f.shareNegative}，整体为 ${f.overall}` + (f.keywords ? `；提到：${f.keywords}。` : '。'),
  score: (score) => `得分 ${score}。`,
  row: (row) => `第 ${row} 行`,
  barLabel: (positive, neutral, negative) => `正面 ${positive}，中性 ${neutral}，负面 ${negative}`,
  listSeparator: '、',
  sentence: (text) => (ENDS_SENTENCE.test(text) ? text : `${text}。`),
};

/** The report's words in `language` (any Chinese tag gets Chinese, anything else English). */
export function reportText(language: string | undefined): ReportText {
  return uiLanguageOf(language) === 'zh-CN' ? ZH : EN;
}
