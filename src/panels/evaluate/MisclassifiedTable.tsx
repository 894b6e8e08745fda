/** The rows a model got wrong, to read: the file's row number, the text, the truth and the prediction. */
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../ui/format';
import { sentimentLabelText } from '../../ui/sentimentLabels';
import type { MisclassifiedRow } from './comparison';

/** Enough to spot patterns; the full list would only slow the page down. */
const SHOWN = 200;

export function MisclassifiedTable({ rows }: { rows: readonly MisclassifiedRow[] }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  return (
    <div className="eval-misclassified" data-testid="eval-misclassified" data-count={rows.length}>
      <h3>{t('evaluate.misclassified.title', { count: rows.length, formatted: formatNumber(rows.length, locale) })}</h3>
      {rows.length > SHOWN ? <p className="muted">{t('evaluate.misclassified.showing', { shown: SHOWN })}</p> : null}
      {rows.length > 0 ? (
        <div className="eval-scroll eval-tall">
          <table className="eval-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('evaluate.misclassified.row')}
                </th>
                <th scope="col">{t('evaluate.misclassified.text')}</th>
                <th scope="col">{t('evaluate.misclassified.expected')}</th>
                <th scope="col">{t('evaluate.misclassified.predicted')}</th>
                <th scope="col" className="num">
                  {t('evaluate.misclassified.score')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, SHOWN).map((row) => (
                <tr key={row.index} data-testid="eval-misclassified-row" data-row={row.index}>
                  <td className="num">{formatNumber(row.index + 1, locale)}</td>
                  <td className="eval-text">{row.text}</td>
                  <td>
                    <span className="label-chip">{sentimentLabelText(t, row.expected)}</span>
                  </td>
                  <td>
                    <span className="label-chip tone-negative">{sentimentLabelText(t, row.predicted)}</span>
                  </td>
                  <td className="num">{formatPercent(row.score, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
