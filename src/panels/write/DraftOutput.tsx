/** Generate / Stop, the draft as it streams, its speed, and what was sent to the model. */
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../ui/CopyButton';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ModelReadiness } from '../../ui/ModelReadiness';
import { StatusLine } from '../../ui/StatusLine';
import { useTaskModel } from '../../state/assignment';
import { GenerationStats } from './GenerationStats';
import { currentTemplate, useWrite, type WriteStatus } from './writeStore';

/** `nothingKept`: stopped before the first draft had a word, so the history got nothing. */
function WriteStatusLine({ status, loading, nothingKept }: { status: WriteStatus; loading: boolean; nothingKept: boolean }) {
  const { t } = useTranslation();
  const text: Record<WriteStatus, string> = {
    idle: t('write.status.idle'),
    running: loading ? t('write.status.loading') : t('write.status.running'),
    done: t('write.status.done'),
    stopped: nothingKept ? t('write.status.stoppedEmpty') : t('write.status.stopped'),
    error: t('write.status.error'),
  };
  return (
    <StatusLine status={status} tone={status === 'stopped' ? 'cancelled' : status} testId="write-status">
      {text[status]}
    </StatusLine>
  );
}

/** Which required fields are still empty, said once next to Generate for screen readers and the eye. */
function MissingFieldsNote() {
  const { t } = useTranslation();
  const template = useWrite(currentTemplate);
  const missingFields = useWrite((s) => s.missingFields);
  const missing = template.variables.filter((variable) => missingFields.includes(variable.name));
  // The live region stays in the page so that what appears in it is announced.
  return (
    <div role="status" data-testid="write-missing">
      {missing.length > 0 ? <p className="error-text">{t('write.missing', { fields: missing.map((v) => v.label).join(', ') })}</p> : null}
    </div>
  );
}

export function DraftOutput() {
  const { t } = useTranslation();
  const { status, error, output, prompt, draftNumber, draftTotal, loadProgress, preparing, generate, stop } = useWrite();
  const { modelId, loaded } = useTaskModel('generation');
  const running = status === 'running';
  // A required field left empty: the focus goes to the first one, where its message is.
  const generateOrPointAtTheGap = () => {
    generate();
    const first = useWrite.getState().missingFields[0];
    if (first !== undefined) document.getElementById(`write-var-${first}`)?.focus();
  };
  return (
    <div className="card">
      <div className="toolbar">
        <span className="muted model-note">
          {t('write.usingModel')} <code>{modelId}</code> <a href="#/models">{t('write.changeModel')}</a>{' '}
          <ModelReadiness
            loaded={loaded}
            preparing={preparing}
            labels={{ preparing: t('write.readiness.preparing'), loaded: t('write.readiness.loaded') }}
            testId="write-readiness"
          />
        </span>
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="write-generate" disabled={running} onClick={generateOrPointAtTheGap}>
            {running ? t('write.generating') : t('write.generate')}
          </button>
          <button type="button" className="button secondary" data-testid="write-stop" disabled={!running} onClick={stop}>
            {t('write.stop')}
          </button>
        </div>
      </div>
      {running && loadProgress ? <ModelLoadProgress progress={loadProgress} testId="write-load-progress" /> : null}
      <WriteStatusLine status={status} loading={running && loadProgress !== null} nothingKept={draftNumber <= 1 && output.trim() === ''} />
      <MissingFieldsNote />
      {status === 'error' ? <ErrorMessage error={error} testId="write-error" /> : null}

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
