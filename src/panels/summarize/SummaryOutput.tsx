/** The final summary, streamed as it is written, with copy and export (.txt / .md). */
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../ui/CopyButton';
import { saveTextFile } from '../../ui/fileIo';
import { exportFileName, summaryAsMarkdown, summaryAsText } from './exportSummary';
import { useReferenceScores } from './ReferenceScore';
import { useSummarize } from './summarizeStore';
import { measuredText } from './TokenInfo';

export function SummaryOutput() {
  const { t, i18n } = useTranslation();
  const output = useSummarize((s) => s.output);
  const status = useSummarize((s) => s.status);
  const sourceName = useSummarize((s) => s.sourceName);
  const measure = useSummarize((s) => s.measure);
  const steps = useSummarize((s) => s.steps);
  const scores = useReferenceScores();
  const finished = status === 'done' && output.trim() !== '';

  const markdown = () => {
    const locale = i18n.language;
    const parts = steps[0] ?? [];
    return summaryAsMarkdown(
      {
        summary: output,
        sourceName: sourceName ?? undefined,
        inputLine: measure ? measuredText(t, parts.length, measure, locale) : undefined,
        partials: parts.map((p) => p.text),
        rouge: scores,
      },
      {
        title: t('summarize.export.title'),
        source: t('summarize.export.source'),
        input: t('summarize.export.input'),
        parts: t('summarize.export.parts'),
        part: (n) => t('summarize.parts.part', { n }),
        rouge: t('summarize.export.rouge'),
      },
    );
  };

  return (
    <div className="card">
      <div className="results-toolbar">
        <h2>{t('summarize.output.title')}</h2>
        <div className="toolbar-actions">
          <CopyButton label={t('summarize.output.copy')} testId="summarize-copy" disabled={!finished} getText={() => output.trim()} />
          <button
            type="button"
            className="button secondary"
            data-testid="summarize-export-txt"
            disabled={!finished}
            onClick={() => saveTextFile(exportFileName(sourceName ?? undefined, 'txt'), summaryAsText(output))}
          >
            {t('summarize.output.exportTxt')}
          </button>
          <button
            type="button"
            className="button secondary"
            data-testid="summarize-export-md"
            disabled={!finished}
            onClick={() => saveTextFile(exportFileName(sourceName ?? undefined, 'md'), markdown(), 'text/markdown')}
          >
            {t('summarize.output.exportMd')}
          </button>
        </div>
      </div>
      <div className="generated-text" data-testid="summarize-output" data-status={status} aria-live="polite" aria-busy={status === 'running'}>
        {output || <span className="muted">{t('summarize.output.placeholder')}</span>}
      </div>
    </div>
  );
}
