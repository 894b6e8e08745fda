/** Generate / Stop, the draft as it streams, its speed, and what was sent to the model. */
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { StatusLine } from '../../ui/StatusLine';
import { toWorkbenchError } from '../../ui/errors';
import { missingVariables, ownValue } from '../../content/templates';
import { useTaskModel } from '../../state/assignment';
import { GenerationStats } from './GenerationStats';
import { currentTemplate, useWrite, type WriteStatus } from './writeStore';

function WriteStatusLine({ status, loading }: { status: WriteStatus; loading: boolean }) {
  const { t } = useTranslation();
  const text: Record<WriteStatus, string> = {
    idle: t('write.status.idle'),
    running: loading ? t('write.status.loading') : t('write.status.running'),
    done: t('write.status.done'),
    stopped: t('write.status.stopped'),
    error: t('write.status.error'),
  };
  return (
    <StatusLine status={status} tone={status === 'stopped' ? 'cancelled' : status} testId="write-status">
      {text[status]}
    </StatusLine>
  );
}

function GenerationError() {
  const { t } = useTranslation();
  const state = useWrite();
  const error = toWorkbenchError(state.error);
  const template = currentTemplate(state);
  const missing = missingVariables(template, ownValue(state.values, template.id) ?? {});
  // A template that cannot be filled is the user's to fix: name the fields instead of a code.
  const message = error.code === 'bad-input' && missing.length > 0 ? t('write.missing', { fields: missing.map((v) => v.label).join(', ') }) : undefined;
  return <ErrorMessage error={state.error} message={message} testId="write-error" />;
}

export function DraftOutput() {
  const { t } = useTranslation();
  const { status, output, prompt, draftNumber, draftTotal, loadProgress, generate, stop } = useWrite();
  const { modelId } = useTaskModel('generation');
  const running = status === 'running';
  return (
    <div className="card">
      <div className="toolbar">
        <span className="muted model-note">
          {t('write.usingModel')} <code>{modelId}</code> <a href="#/models">{t('write.changeModel')}</a>
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="write-generate" disabled={running} onClick={generate}>
            {running ? t('write.generating') : t('write.generate')}
          </button>
          <button type="button" className="button secondary" data-testid="write-stop" disabled={!running} onClick={stop}>
            {t('write.stop')}
          </button>
        </div>
      </div>
      {running && loadProgress ? <ModelLoadProgress progress={loadProgress} testId="write-load-progress" /> : null}
      <WriteStatusLine status={status} loading={running && loadProgress !== null} />
      {status === 'error' ? <GenerationError /> : null}

      <div className="results-toolbar">
        <h2>{draftTotal > 1 ? t('write.output.draftOf', { n: draftNumber, total: draftTotal }) : t('write.output.title')}</h2>
        <CopyButton label={t('write.copy')} testId="write-copy" disabled={output.trim() === '' || running} getText={() => output.trim()} />
      </div>
      <GenerationStats />
      <div className="generated-text" data-testid="write-output" data-status={status} aria-live="polite" aria-busy={running}>
        {output || <span className="muted">{t('write.output.placeholder')}</span>}
      </div>
      {prompt ? (
        <details>
          <summary className="muted">{t('write.prompt')}</summary>
          <pre className="prompt-preview" data-testid="write-prompt">
            {prompt}
          </pre>
        </details>
      ) : null}
    </div>
  );
}
