/** Step 4: the saved classifiers — use them as `custom:<name>`, export, import, delete. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber, formatMetric } from '../../ui/format';
import { FileField } from '../../ui/FileField';
import { exportClassifier, importClassifierFile, removeClassifier, type ClassifierImport } from './savedActions';
import { useCustomClassifiers, type CustomClassifierInfo } from '../../app/customClassifiers';
import { customModelId } from '../../models/catalog';

type Feedback =
  | { kind: 'imported'; name: string }
  | { kind: 'exported'; name: string }
  | { kind: 'cancelled' }
  | { kind: 'error'; error: unknown }
  | Extract<ClassifierImport, { kind: 'confirm' }>
  | null;

/** The file names an embedding model outside the library: the user decides, nothing is fetched before. */
function ConfirmEmbedding({ pending, onFeedback }: { pending: Extract<ClassifierImport, { kind: 'confirm' }>; onFeedback(feedback: Feedback): void }) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState(pending.library[0] ?? '');
  const commit = (value: string | null) =>
    pending.commit(value).then(
      (name) => onFeedback({ kind: 'imported', name }),
      (error: unknown) => onFeedback({ kind: 'error', error }),
    );
  return (
    <div className="notice" role="alertdialog" data-testid="custom-import-confirm" data-model={pending.embeddingModel}>
      <p>
        <strong>{t('customize.saved.confirmTitle')}</strong>
      </p>
      <p>{t('customize.saved.confirmBody', { name: pending.name, model: pending.embeddingModel })}</p>
      {pending.library.length > 0 ? (
        <label className="field">
          <span>{t('customize.saved.confirmLibrary')}</span>
          <select className="select" data-testid="custom-import-confirm-model" value={choice} onChange={(event) => setChoice(event.target.value)}>
            {pending.library.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <div className="toolbar-actions">
        {pending.library.length > 0 ? (
          <button type="button" className="button primary" data-testid="custom-import-confirm-library" onClick={() => void commit(choice)}>
            {t('customize.saved.confirmUseLibrary')}
          </button>
        ) : null}
        <button type="button" className="button" data-testid="custom-import-confirm-allow" onClick={() => void commit(null)}>
          {t('customize.saved.confirmAllow', { model: pending.embeddingModel })}
        </button>
        <button type="button" className="button ghost" data-testid="custom-import-confirm-cancel" onClick={() => onFeedback({ kind: 'cancelled' })}>
          {t('customize.saved.confirmCancel')}
        </button>
      </div>
    </div>
  );
}

function SavedRow({ info, onFeedback }: { info: CustomClassifierInfo; onFeedback(feedback: Feedback): void }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const locale = i18n.language;
  const run = (action: () => Promise<Feedback>) => {
    action().then(onFeedback, (error: unknown) => onFeedback({ kind: 'error', error }));
  };
  return (
    <li className="custom-saved" data-testid="custom-saved" data-name={info.name}>
      <div className="custom-saved-main">
        <strong>{info.name}</strong>
        <code className="muted">{customModelId(info.name)}</code>
        <span className="muted">{info.labels.join(' · ')}</span>
        <span className="muted">
          {t('customize.saved.facts', {
            accuracy: formatMetric(info.cvAccuracy, locale),
            f1: formatMetric(info.cvMacroF1, locale),
            examples: formatNumber(info.examples, locale),
            date: new Date(info.updatedAt).toLocaleString(locale),
          })}
          {info.embeddingModel ? ` · ${info.embeddingModel}` : ''}
        </span>
      </div>
      <div className="toolbar-actions">
        <button
          type="button"
          className="button secondary"
          data-testid="custom-export"
          onClick={() => run(async () => ({ kind: 'exported', name: await exportClassifier(info.id) }))}
        >
          {t('customize.saved.export')}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              className="button danger"
              data-testid="custom-delete-confirm"
              onClick={() =>
                run(async () => {
                  await removeClassifier(info.id);
                  return null;
                })
              }
            >
              {t('customize.saved.confirmDelete')}
            </button>
            <button type="button" className="button ghost" onClick={() => setConfirming(false)}>
              {t('customize.saved.keep')}
            </button>
          </>
        ) : (
          <button type="button" className="button danger" data-testid="custom-delete" onClick={() => setConfirming(true)}>
            {t('customize.saved.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

export function SavedCard() {
  const { t } = useTranslation();
  const { classifiers, status, error } = useCustomClassifiers();
  const [feedback, setFeedback] = useState<Feedback>(null);
  return (
    <div className="card" data-testid="custom-saved-list" data-count={classifiers.length}>
      <h2>{t('customize.saved.title')}</h2>
      <p className="muted">{t('customize.saved.intro')}</p>
      {status === 'error' ? <ErrorMessage error={error} testId="custom-saved-error" /> : null}
      {classifiers.length > 0 ? (
        <ul className="custom-saved-list">
          {classifiers.map((info) => (
            <SavedRow key={info.id} info={info} onFeedback={setFeedback} />
          ))}
        </ul>
      ) : status === 'ready' ? (
        <p className="muted" data-testid="custom-saved-empty">
          {t('customize.saved.none')}
        </p>
      ) : null}
      <FileField
        label={t('customize.saved.importLabel')}
        hint={t('customize.saved.importHint')}
        accept=".json,application/json"
        testId="custom-import-classifier"
        onFile={(file) =>
          importClassifierFile(file).then(
            (outcome) => setFeedback(outcome),
            (importError: unknown) => setFeedback({ kind: 'error', error: importError }),
          )
        }
      />
      {feedback?.kind === 'error' ? <ErrorMessage error={feedback.error} testId="custom-import-error-file" /> : null}
      {feedback?.kind === 'confirm' ? <ConfirmEmbedding pending={feedback} onFeedback={setFeedback} /> : null}
      {feedback?.kind === 'cancelled' ? (
        <p className="muted" role="status" data-testid="custom-import-status" data-kind="cancelled">
          {t('customize.saved.cancelled')}
        </p>
      ) : null}
      {feedback && (feedback.kind === 'imported' || feedback.kind === 'exported') ? (
        <p className="ok-text" role="status" data-testid="custom-import-status" data-kind={feedback.kind}>
          {feedback.kind === 'imported' ? t('customize.saved.imported', { name: feedback.name }) : t('customize.saved.exported', { name: feedback.name })}
        </p>
      ) : null}
    </div>
  );
}
