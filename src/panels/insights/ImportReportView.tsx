/** What the import did with the rows: nothing is dropped without saying so. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import type { SavedReport } from './store';

const LISTED = 8;

/**
 * `counts` are the exact numbers when the report lists only the first empty and duplicate rows
 * (the mapping step's preview, see MappingPreview); without it the lists are complete.
 */
export function ImportReportView({ report, imported, counts }: { report: SavedReport; imported: number; counts?: { empty: number; duplicates: number } }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const emptyCount = counts?.empty ?? report.empty.length;
  const duplicateCount = counts?.duplicates ?? report.duplicates.length;
  const clean = emptyCount === 0 && duplicateCount === 0 && report.unparsedDates === 0 && report.unparsedRatings === 0;
  return (
    <div
      className="insights-report"
      data-testid="insights-import-report"
      data-empty={emptyCount}
      data-duplicates={duplicateCount}
      data-unparsed-dates={report.unparsedDates}
    >
      <p>
        <strong>{t('insights.report.imported', { count: imported, formatted: n(imported), total: n(report.total) })}</strong>
      </p>
      <ul>
        {emptyCount > 0 ? (
          <li data-testid="insights-report-empty">
            {t('insights.report.empty', { count: emptyCount, formatted: n(emptyCount) })}{' '}
            <span className="muted">{t('insights.report.rows', { rows: listRows(report.empty, emptyCount) })}</span>
          </li>
        ) : null}
        {duplicateCount > 0 ? (
          <li data-testid="insights-report-duplicates">
            {t('insights.report.duplicates', { count: duplicateCount, formatted: n(duplicateCount) })}{' '}
            <span className="muted">
              {t('insights.report.rows', {
                rows: listRows(
                  report.duplicates.slice(0, LISTED).map((d) => d.row),
                  duplicateCount,
                ),
              })}
            </span>
          </li>
        ) : null}
        {report.unparsedDates > 0 ? (
          <li data-testid="insights-report-dates">{t('insights.report.unparsedDates', { count: report.unparsedDates, formatted: n(report.unparsedDates) })}</li>
        ) : null}
        {report.unparsedRatings > 0 ? (
          <li>{t('insights.report.unparsedRatings', { count: report.unparsedRatings, formatted: n(report.unparsedRatings) })}</li>
        ) : null}
        {report.parseWarnings.map((warning) => (
          <li key={warning} className="muted">
            {warning}
          </li>
        ))}
        {clean && report.parseWarnings.length === 0 ? <li className="muted">{t('insights.report.clean')}</li> : null}
      </ul>
    </div>
  );
}

/** "2, 17, 40 … (+12)": row numbers as the user sees them in their spreadsheet (1-based data rows). */
function listRows(rows: readonly number[], total = rows.length): string {
  const shown = rows.slice(0, LISTED);
  return total > shown.length ? `${shown.join(', ')} … (+${total - shown.length})` : shown.join(', ');
}
