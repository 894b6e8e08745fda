/**
 * Exports as files saved on this machine: the table's rows (as filtered) as CSV or JSON, and the
 * report (figures, categories, themes, pain points, quotes) as Markdown or printable HTML.
 */
import { useTranslation } from 'react-i18next';
import { assignedModel } from '../../state/assignment';
import { htmlReport, markdownReport, rowsToCsv, rowsToJson, type InsightRow, type Theme } from '../../insights';
import { saveTextFile } from '../../ui/fileIo';
import { buildReport } from './logic/report';
import { datasetModel } from './pipeline';
import { useInsights } from './store';
import { summaryKey } from './themes';
import type { CategoryColumn } from './useCategoryColumn';

interface ExportBarProps {
  /** The rows the table shows (filters applied): what the row exports contain. */
  rows: readonly InsightRow[];
  /** Every row: what the report describes. */
  allRows: readonly InsightRow[];
  themes: readonly Theme[];
  themeNames: ReadonlyMap<number, string>;
  /** The custom classifier's column, exported and reported when present. */
  category: CategoryColumn;
}

export function ExportBar({ rows, allRows, themes, themeNames, category }: ExportBarProps) {
  const { t } = useTranslation();
  const active = useInsights((s) => s.active);
  const data = useInsights((s) => s.themes);
  if (!active) return null;
  const stem = fileStem(active.record.name);

  const report = () => {
    const summaries = new Map<number, string>();
    for (const theme of themes) {
      const summary = data?.summaries[summaryKey(theme.id, theme.size)];
      if (summary) summaries.set(theme.id, summary);
    }
    const saved = active.record.report;
    return buildReport({
      title: t('insights.export.reportTitle', { name: active.record.name }),
      source: active.record.source.fileName ?? active.record.name,
      rows: allRows,
      themes,
      names: data?.names,
      summaries,
      models: [datasetModel('sentiment'), datasetModel('embeddings'), assignedModel('summarization')],
      notes: saved?.warnings,
      category: category.model ? { model: category.model, labels: category.labels } : undefined,
    });
  };

  return (
    <div className="toolbar-actions insights-export" data-testid="insights-export">
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-csv"
        disabled={rows.length === 0}
        onClick={() => saveTextFile(`${stem}.csv`, rowsToCsv(rows, { themeNames, category: category.present }), 'text/csv')}
      >
        {t('insights.export.csv')}
      </button>
      <button
        type="button"
        className="button secondary"
        data-testid="insights-export-json"
        disabled={rows.length === 0}
        onClick={() => saveTextFile(`${stem}.json`, rowsToJson(rows, { themeNames, category: category.present }), 'application/json')}
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

// eslint-disable-next-line no-control-regex -- control characters are among what a file name must not contain
const NOT_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]+/g;

/** A file-name-safe version of a dataset name. */
function fileStem(name: string): string {
  return name.replace(NOT_IN_FILE_NAMES, '_').replace(/\s+/g, ' ').trim().slice(0, 80) || 'feedback';
}
