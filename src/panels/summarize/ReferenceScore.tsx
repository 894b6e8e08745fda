/**
 * An optional reference summary and ROUGE-1/2/L of the generated summary against it (rouge-score
 * compatible, stemmed). Several references, separated by a blank line, score as the best match.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { rougeMulti, type RougeScores } from '../../evaluate/rouge';
import { splitReferences } from './importText';
import { useSummarize } from './summarizeStore';

/** Scores of the finished summary, or null while there is nothing to compare. */
export function useReferenceScores(): RougeScores | null {
  const reference = useSummarize((s) => s.reference);
  const output = useSummarize((s) => s.output);
  const done = useSummarize((s) => s.status === 'done');
  return useMemo(() => {
    const references = splitReferences(reference);
    if (!done || output.trim() === '' || references.length === 0) return null;
    return rougeMulti(references, output, { useStemmer: true });
  }, [reference, output, done]);
}

function RougeTable({ scores }: { scores: RougeScores }) {
  const { t, i18n } = useTranslation();
  // Three decimals always, as ROUGE is usually published, so columns line up.
  const format = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const f = (x: number) => format.format(x);
  const rows = [
    ['ROUGE-1', scores.rouge1],
    ['ROUGE-2', scores.rouge2],
    ['ROUGE-L', scores.rougeL],
  ] as const;
  return (
    <table className="score-table" data-testid="summarize-rouge">
      <thead>
        <tr>
          <th scope="col">{t('summarize.rouge.metric')}</th>
          <th scope="col">{t('summarize.rouge.precision')}</th>
          <th scope="col">{t('summarize.rouge.recall')}</th>
          <th scope="col">{t('summarize.rouge.f1')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, score]) => (
          <tr key={name} data-metric={name}>
            <th scope="row">{name}</th>
            <td>{f(score.precision)}</td>
            <td>{f(score.recall)}</td>
            <td data-f1={score.fmeasure}>{f(score.fmeasure)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReferenceScore() {
  const { t } = useTranslation();
  const reference = useSummarize((s) => s.reference);
  const setReference = useSummarize((s) => s.setReference);
  const scores = useReferenceScores();
  return (
    <div className="card">
      <label htmlFor="summarize-reference" className="field-label">
        {t('summarize.reference.label')}
      </label>
      <span className="hint">{t('summarize.reference.hint')}</span>
      <textarea
        id="summarize-reference"
        className="textarea short"
        data-testid="summarize-reference"
        rows={3}
        value={reference}
        placeholder={t('summarize.reference.placeholder')}
        onChange={(e) => setReference(e.target.value)}
      />
      {scores ? (
        <>
          <h3>{t('summarize.rouge.title')}</h3>
          <RougeTable scores={scores} />
          <p className="hint">{t('summarize.rouge.note')}</p>
        </>
      ) : null}
    </div>
  );
}
