/** Per-class precision / recall / F1 / support with macro and weighted averages (sklearn's layout). */
import { useTranslation } from 'react-i18next';
import type { ClassificationReport } from '../../evaluate/classification';
import { formatNumber, formatMetric } from '../../ui/format';
import { sentimentLabelText } from '../../ui/sentimentLabels';

export function ReportTable({ report }: { report: ClassificationReport }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const averages = [
    { key: 'macro', label: t('evaluate.report.macro'), values: report.macro },
    { key: 'weighted', label: t('evaluate.report.weighted'), values: report.weighted },
  ];
  return (
    <table className="eval-table" data-testid="eval-report">
      <caption>{t('evaluate.report.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('evaluate.report.class')}</th>
          <th scope="col" className="num">
            {t('evaluate.report.precision')}
          </th>
          <th scope="col" className="num">
            {t('evaluate.report.recall')}
          </th>
          <th scope="col" className="num">
            {t('evaluate.report.f1')}
          </th>
          <th scope="col" className="num">
            {t('evaluate.report.support')}
          </th>
        </tr>
      </thead>
      <tbody>
        {report.perClass.map((c) => (
          <tr key={c.label} data-class={c.label} data-f1={c.f1} data-support={c.support}>
            <th scope="row">{sentimentLabelText(t, c.label)}</th>
            <td className="num">{formatMetric(c.precision, locale)}</td>
            <td className="num">{formatMetric(c.recall, locale)}</td>
            <td className="num">{formatMetric(c.f1, locale)}</td>
            <td className="num">{formatNumber(c.support, locale)}</td>
          </tr>
        ))}
      </tbody>
      <tbody className="eval-averages">
        {averages.map((a) => (
          <tr key={a.key} data-average={a.key} data-f1={a.values.f1}>
            <th scope="row">{a.label}</th>
            <td className="num">{formatMetric(a.values.precision, locale)}</td>
            <td className="num">{formatMetric(a.values.recall, locale)}</td>
            <td className="num">{formatMetric(a.values.f1, locale)}</td>
            <td className="num">{formatNumber(a.values.support, locale)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
