/**
 * Exports as files saved on this machine: the table's rows as CSV or JSON, and the report
 * (figures, categories, themes, pain points, quotes) as Markdown or printable HTML. While a filter
 * is on, the user chooses all rows or the rows shown, for every export alike; a filtered export
 * names its filter in the file name and inside the file, so nothing is filtered silently.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assignedModel } from '../../state/assignment';
import { htmlReport, markdownReport, rowsToCsv, rowsToJson, type InsightRow, type Theme } from '../../insights';
import { formatNumber } from '../../ui/format';
import { saveTextFile } from '../../ui/fileIo';
import {
  csvWithFilterLine,
  exportNote,
  exportStem,
  filterLine,
  filterParts,
  jsonWithFilter,
  type ExportFilterNote,
  type ExportScope,
} from './logic/exportScope';
import { buildReport } from './logic/report';
import { usePolarityLabels } from './labels';
import { datasetModel } from './pipeline';
import { useInsights } from './store';
import { summaryKey, themeTitle } from './themes';
import type { CategoryColumn } from './useCategoryColumn';

interface ExportBarProps {
  /** The rows the table shows (filters applied). */
  rows: readonly InsightRow[];
  /** Every row. */
  allRows: readonly InsightRow[];
  themes: readonly Theme[];
  themeNames: ReadonlyMap<number, string>;
  /** The custom classifier's column, exported and reported when present. */
  category: CategoryColumn;
}

export function ExportBar({ rows, allRows, themes, themeNames, category }: ExportBarProps) {
  const { t, i18n } = useTranslation();
  const base = useId();
  const active = useInsights((s) => s.active);
  const data = useInsights((s) => s.themes);
  const filter = useInsights((s) => s.filter);
  const polarity = usePolarityLabels();
  const [scope, setScope] = useState<ExportScope>('shown');
  if (!active) return null;
  const n = (value: number) => formatNumber(value, i18n.language);

  const parts = filterParts(filter, {
    sentiment: (value) => polarity[value as keyof typeof polarity] ?? value,
    theme: (id) => themeNames.get(id) ?? themeTitle({ id, name: String(id) }, data?.names),
    category: (value) => value ?? t('insights.table.noCategory'),
    rating: (rating) => t('insights.table.ratingChip', { rating }),
    search: (text) => t('insights.export.searchPart', { text }),
  });
  const filtered = parts.length > 0;
  const note = exportNote(filtered ? scope : 'all', parts, rows.length, allRows.length);
  const exported = note ? rows : allRows;
  const line = note
    ? filterLine(note, (n2: ExportFilterNote) => t('insights.export.filterLine', { filter: n2.parts.join(', '), shown: n(n2.shown), total: n(n2.total) }))
    : null;
  const stem = exportStem(active.record.name, note);

  const report = () => {
    const summaries = new Map<number, string>();
    for (const theme of themes) {
      const summary = data?.summaries[summaryKey(theme.id, theme.size)];
      if (summary) summaries.set(theme.id, summary);
    }
    const saved = active.record.report;
    return buildReport({
      title: t('insights.export.reportTitle', { name: active.record.name }),
      language: i18n.language,
      source: active.record.source.fileName ?? active.record.name,
      rows: exported,
      themes,
      names: data?.names,
      summaries,
      models: [datasetModel('sentiment'), datasetModel('embeddings'), assignedModel('summarization')],
      notes: [...(line ? [line] : []), ...(saved?.warnings ?? [])],
      category: category.model ? { model: category.model, labels: category.labels } : undefined,
    });
  };

  return (
    <div className="toolbar-actions insights-export" data-testid="insights-export" data-scope={note ? 'shown' : 'all'} data-stem={stem}>
      {filtered ? (
        <fieldset className="insights-export-scope" data-testid="insights-export-scope">
          <legend className="field-label">{t('insights.export.scope')}</legend>
          {(['shown', 'all'] as const).map((value) => (
            <label key={value}>
              <input
                type="radio"
                name={`${base}-scope`}
                value={value}
                checked={scope === value}
                data-testid={`insights-export-scope-${value}`}
                onChange={() => setScope(value)}
              />{' '}
              {value === 'shown' ? t('insights.export.scopeShown', { shown: n(rows.length) }) : t('insights.export.scopeAll', { total: n(allRows.length) })}
            </label>
          ))}
        </fieldset>
      ) : null}
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-csv"
        disabled={exported.length === 0}
        onClick={() => saveTextFile(`${stem}.csv`, csvWithFilterLine(rowsToCsv(exported, { themeNames, category: category.present }), line), 'text/csv')}
      >
        {t('insights.export.csv')}
      </button>
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-json"
        disabled={exported.length === 0}
        onClick={() =>
          saveTextFile(`${stem}.json`, jsonWithFilter(rowsToJson(exported, { themeNames, category: category.present }), note, line), 'application/json')
        }
      >
        {t('insights.export.json')}
      </button>
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-md"
        onClick={() => saveTextFile(`${stem}-report.md`, markdownReport(report()), 'text/markdown')}
      >
        {t('insights.export.markdown')}
      </button>
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-html"
        onClick={() => saveTextFile(`${stem}-report.html`, htmlReport(report()), 'text/html')}
      >
        {t('insights.export.html')}
      </button>
    </div>
  );
}
