/**
 * An app's outputs from its values: a table, a text, a chart's series, a CSV file (formula cells
 * guarded) or a Markdown report (user and model text escaped, so it never becomes links or HTML).
 * The page renders every piece as text.
 */
import Papa from 'papaparse';
import { escapeMarkdown, guardFormula } from '../insights/export';
import type { AppItem, AppOutput, AppValue, LocalizedString } from './format';

interface OutputBase {
  from: string;
  title?: LocalizedString;
}

export type RenderedOutput =
  | (OutputBase & { kind: 'text'; text: string })
  | (OutputBase & { kind: 'markdown'; markdown: string })
  | (OutputBase & { kind: 'table'; columns: string[]; rows: string[][] })
  | (OutputBase & { kind: 'csv'; csv: string })
  | (OutputBase & { kind: 'chart'; labels: string[]; values: number[] });

/** A value as plain text: what `{{step}}` inserts into a template and what a text output shows. */
export function valueText(value: AppValue): string {
  switch (value.kind) {
    case 'text':
      return value.text;
    case 'items':
      return value.items.map((item) => (item.output === undefined ? item.text : `${item.text}\n→ ${item.output}`)).join('\n');
    case 'groups':
      return value.groups
        .map((group) => `${group.name} (${group.items.length})${group.summary ? `: ${group.summary}` : ''}${group.output ? `\n${group.output}` : ''}`)
        .join('\n');
    case 'counts':
      return value.counts.map((entry) => `${entry.key}: ${entry.count}`).join('\n');
    case 'fields':
      return value.fields.map(([field, text]) => `${field}: ${text}`).join('\n');
  }
}

const ITEM_COLUMNS = ['text', 'label', 'score', 'group', 'output', 'source'] as const satisfies readonly (keyof AppItem)[];

/** Columns and rows of a value; only the item columns some item has. */
export function valueTable(value: AppValue): { columns: string[]; rows: string[][] } {
  switch (value.kind) {
    case 'items': {
      const columns = ITEM_COLUMNS.filter((column) => value.items.some((item) => item[column] !== undefined));
      const cell = (item: AppItem, column: (typeof ITEM_COLUMNS)[number]) => {
        const cellValue = item[column];
        return typeof cellValue === 'number' ? cellValue.toFixed(3) : (cellValue ?? '');
      };
      return { columns: [...columns], rows: value.items.map((item) => columns.map((column) => cell(item, column))) };
    }
    case 'groups': {
      const columns = ['name', 'count'];
      const summaries = value.groups.some((group) => group.summary !== undefined);
      const outputs = value.groups.some((group) => group.output !== undefined);
      if (summaries) columns.push('summary');
      if (outputs) columns.push('output');
      return {
        columns,
        rows: value.groups.map((group) => [
          group.name,
          String(group.items.length),
          ...(summaries ? [group.summary ?? ''] : []),
          ...(outputs ? [group.output ?? ''] : []),
        ]),
      };
    }
    case 'counts':
      return { columns: ['key', 'count'], rows: value.counts.map((entry) => [entry.key, String(entry.count)]) };
    case 'text':
      return { columns: ['text'], rows: [[value.text]] };
    case 'fields':
      return { columns: ['field', 'value'], rows: value.fields.map(([field, text]) => [field, text]) };
  }
}

export function valueCsv(value: AppValue): string {
  const { columns, rows } = valueTable(value);
  return '\uFEFF' + Papa.unparse({ fields: columns, data: rows.map((row) => row.map(guardFormula)) }, { newline: '\r\n' });
}

export function valueMarkdown(value: AppValue, title?: string): string {
  const lines: string[] = title ? [`# ${escapeMarkdown(title)}`, ''] : [];
  switch (value.kind) {
    case 'text':
    case 'fields':
      lines.push(escapeMarkdown(valueText(value)));
      break;
    case 'items':
      for (const item of value.items) {
        const label = item.label === undefined ? '' : ` (${escapeMarkdown(item.label)})`;
        lines.push(`- ${escapeMarkdown(item.text)}${label}`);
        if (item.output !== undefined && item.output !== '') lines.push(`  - ${escapeMarkdown(item.output)}`);
        if (item.source !== undefined) lines.push(`  - ${escapeMarkdown(item.source)}`);
      }
      break;
    case 'groups':
      for (const group of value.groups) {
        lines.push(`## ${escapeMarkdown(group.name)} (${group.items.length})`, '');
        if (group.summary) lines.push(escapeMarkdown(group.summary), '');
        if (group.output) lines.push(escapeMarkdown(group.output), '');
        for (const item of group.items.slice(0, 3)) lines.push(`> ${escapeMarkdown(item.text)}`, '');
      }
      break;
    case 'counts':
      lines.push('| | |', '|---|---:|', ...value.counts.map((entry) => `| ${escapeMarkdown(entry.key)} | ${entry.count} |`));
      break;
  }
  return lines.join('\n').trimEnd() + '\n';
}

function chartSeries(value: AppValue): { labels: string[]; values: number[] } {
  if (value.kind === 'counts') return { labels: value.counts.map((entry) => entry.key), values: value.counts.map((entry) => entry.count) };
  if (value.kind === 'groups') return { labels: value.groups.map((group) => group.name), values: value.groups.map((group) => group.items.length) };
  return { labels: [], values: [] };
}

export function renderOutputs(outputs: readonly AppOutput[], values: ReadonlyMap<string, AppValue>): RenderedOutput[] {
  return outputs.flatMap((output): RenderedOutput[] => {
    const value = values.get(output.from);
    if (!value) return [];
    const base: OutputBase = output.title === undefined ? { from: output.from } : { from: output.from, title: output.title };
    switch (output.kind) {
      case 'text':
        return [{ ...base, kind: 'text', text: valueText(value) }];
      case 'markdown':
        return [{ ...base, kind: 'markdown', markdown: valueMarkdown(value, output.title?.en ?? output.title?.['zh-CN']) }];
      case 'table':
        return [{ ...base, kind: 'table', ...valueTable(value) }];
      case 'csv':
        return [{ ...base, kind: 'csv', csv: valueCsv(value) }];
      case 'chart':
        return [{ ...base, kind: 'chart', ...chartSeries(value) }];
    }
  });
}
