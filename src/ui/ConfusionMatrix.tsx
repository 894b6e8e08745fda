/**
 * Rows are the true classes, columns the predicted ones; the diagonal is what the model got
 * right. Cells are shaded by their share of the row, so a class the model confuses stands out
 * whatever the class sizes.
 */
import { useTranslation } from 'react-i18next';
import type { ConfusionMatrix as Matrix } from '../evaluate/classification';
import { formatNumber } from './format';
import { sentimentLabelText } from './sentimentLabels';

export function ConfusionMatrix({ confusion, testId = 'eval-confusion' }: { confusion: Matrix; testId?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const total = confusion.matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
  return (
    <div className="eval-scroll">
      <table className="eval-table eval-confusion" data-testid={testId} data-total={total}>
        <caption>{t('confusion.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('confusion.corner')}</th>
            {confusion.labels.map((label) => (
              <th key={label} scope="col" className="num">
                {sentimentLabelText(t, label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.matrix.map((row, i) => {
            const rowTotal = row.reduce((a, b) => a + b, 0);
            const truth = confusion.labels[i] ?? '';
            return (
              <tr key={truth} data-true={truth}>
                <th scope="row">{sentimentLabelText(t, truth)}</th>
                {row.map((count, j) => {
                  const share = rowTotal === 0 ? 0 : count / rowTotal;
                  const predicted = confusion.labels[j] ?? '';
                  return (
                    <td
                      key={predicted}
                      className={i === j ? 'num eval-cell eval-diagonal' : 'num eval-cell'}
                      data-testid="eval-confusion-cell"
                      data-true={truth}
                      data-predicted={predicted}
                      data-count={count}
                      style={{ ['--share' as string]: share.toFixed(3) }}
                      title={t('confusion.cellTitle', { truth: sentimentLabelText(t, truth), predicted: sentimentLabelText(t, predicted), count })}
                    >
                      {formatNumber(count, locale)}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
