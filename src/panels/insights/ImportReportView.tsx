/** What the import did with the rows: nothing is dropped without saying so. */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import type { SavedReport } from './store';

const LISTED = 8;

export function ImportReportView({ report, imported }: { report: SavedReport; imported: number }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  const clean = report.empty.length === 0 && report.duplicates.length === 0 && report.unparsedDates === 0 && report.unparsedRatings === 0;
  return (
    <div className="insights-report" data-testid="insights-import-report" data-empty={report.empty.length} data-duplicates={report.duplicates.length} data-unparsed-dates={report.unparsedDates}>
      <p>
        <strong>{t('insights.report.imported', { count: imported, formatted: n(imported), total: n(report.total) })}</strong>
      </p>
      <ul>
        {report.empty.length > 0 ? (
          <li data-testid="insights-report-empty">
            {t('insights.report.empty', { count: report.empty.length, formatted: n(report.empty.length) })}{' '}
            <span className="muted">{t('insights.report.rows', { rows: listRows(report.empty) })}</span>
          </li>
        ) : null}
        {report.duplicates.length > 0 ? (
          <li data-testid="insights-report-duplicates">
            {t('insights.report.duplicates', { count: report.duplicates.length, formatted: n(report.duplicates.length) })}{' '}
            <span className="muted">{t('insights.report.rows', { rows: listRows(report.duplicates.map((d) => d.row)) })}</span>
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
function listRows(rows: readonly number[]): string {
  const shown = rows.slice(0, LISTED).join(', ');
  return rows.length > LISTED ? `${shown} … (+${rows.length - LISTED})` : shown;
}
