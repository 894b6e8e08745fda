/**
 * The knowledge base: import FAQ CSV / Markdown / TXT files or paste a document, see what is in
 * it (documents, passage count), remove documents, and re-embed after a change of model.
 */
import { useMemo, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useRouteChoice } from '../../state/modelChoices';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { LanguageRouteNotice } from '../../ui/LanguageRouteNotice';
import { ASK_SCOPE, passagesMix, passageTexts, useAsk } from './askStore';
import { KbJobStatus } from './KbJobStatus';
import type { KbDocument } from './knowledgeBase';
import { FilePicker } from '../../ui/FilePicker';

function DocumentRow({ doc, disabled }: { doc: KbDocument; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const remove = useAsk((s) => s.remove);
  const formats = { faq: t('ask.kb.formatFaq'), markdown: t('ask.kb.formatMarkdown'), text: t('ask.kb.formatText') };
  return (
    <li className="kb-document" data-testid="kb-document" data-name={doc.name} data-complete={doc.complete ? 'true' : 'false'}>
      <span className="kb-document-name">{doc.name}</span>
      <span className="tag">{formats[doc.format]}</span>
      <span className="muted">{t('ask.kb.passages', { count: doc.passages, formatted: formatNumber(doc.passages, i18n.language) })}</span>
      {!doc.complete ? <span className="tag warn-text">{t('ask.kb.incomplete')}</span> : null}
      <button type="button" className="button ghost" data-testid="kb-document-remove" disabled={disabled} onClick={() => void remove(doc.id)}>
        {t('ask.kb.remove')}
      </button>
    </li>
  );
}

function PasteForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const addPasted = useAsk((s) => s.addPasted);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  return (
    <details className="kb-paste">
      <summary className="field-label">{t('ask.kb.pasteTitle')}</summary>
      <label className="field">
        <span className="hint">{t('ask.kb.pasteName')}</span>
        <input
          className="input"
          data-testid="kb-paste-title"
          value={title}
          placeholder={t('ask.kb.pasteNamePlaceholder')}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <textarea
        className="textarea"
        data-testid="kb-paste"
        rows={6}
        value={text}
        placeholder={t('ask.kb.pastePlaceholder')}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="toolbar">
        <span className="hint">{t('ask.kb.pasteHint')}</span>
        <div className="toolbar-actions">
          <button
            type="button"
            className="button secondary"
            data-testid="kb-paste-add"
            disabled={disabled || text.trim() === ''}
            onClick={() => void addPasted(title, text)}
          >
            {t('ask.kb.pasteAdd')}
          </button>
        </div>
      </div>
    </details>
  );
}

export function KnowledgeBaseCard() {
  const { t, i18n } = useTranslation();
  const { loaded, documents, passageCount, embeddingModel, index, job, loadError, importFiles, reembed, clear } = useAsk();
  // The stored passages' languages decide the embeddings model (as Insights' rows decide theirs).
  const mix = useMemo(() => passagesMix(passageTexts(index)), [index]);
  const routing = useRouteChoice('embeddings', mix, ASK_SCOPE);
  const modelId = routing.route.modelId;
  const [confirmClear, setConfirmClear] = useState(false);
  // Waiting at an import's language check counts: the next import would start while it waits.
  const busy = job?.status === 'running' || job?.status === 'confirm';
  const mismatch = passageCount > 0 && embeddingModel !== undefined && embeddingModel !== modelId;

  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length > 0) void importFiles(files);
  };

  return (
    <div className="card" data-testid="kb-card">
      <div className="results-toolbar">
        <h2>{t('ask.kb.title')}</h2>
        <span className="muted" data-testid="kb-passage-count" data-count={loaded ? passageCount : ''}>
          {loaded ? t('ask.kb.passageCount', { count: passageCount, formatted: formatNumber(passageCount, i18n.language) }) : t('common.loading')}
        </span>
      </div>
      <p className="muted">{t('ask.kb.intro')}</p>
      {loadError ? <ErrorMessage error={loadError} testId="kb-load-error" /> : null}
      {passageCount > 0 ? <LanguageRouteNotice task="embeddings" mix={mix} {...routing} testIdPrefix="kb" disabled={busy} /> : null}
      {mismatch ? (
        <div className="notice" data-testid="kb-model-mismatch">
          <p>{t('ask.kb.mismatch', { stored: embeddingModel, current: modelId })}</p>
          <button type="button" className="button primary" data-testid="kb-reembed" disabled={busy} onClick={() => void reembed()}>
            {t('ask.kb.reembed')}
          </button>
        </div>
      ) : null}
      <div className="toolbar">
        <FilePicker
          label={t('ask.kb.import')}
          className="button primary file-button"
          multiple
          accept=".csv,.md,.markdown,.txt,text/csv,text/markdown,text/plain"
          testId="kb-import-input"
          disabled={busy || mismatch}
          onChange={onFiles}
        />
        <span className="hint">{t('ask.kb.importHint')}</span>
      </div>
      <PasteForm disabled={busy || mismatch} />
      <KbJobStatus />
      {documents.length > 0 ? (
        <>
          <ul className="kb-documents">
            {documents.map((doc) => (
              <DocumentRow key={doc.id} doc={doc} disabled={busy} />
            ))}
          </ul>
          <div className="toolbar">
            <span className="hint">{t('ask.kb.storedLocally', { model: embeddingModel ?? modelId })}</span>
            <div className="toolbar-actions">
              {confirmClear ? (
                <button
                  type="button"
                  className="button danger"
                  data-testid="kb-clear-confirm"
                  disabled={busy}
                  onClick={() => void clear().then(() => setConfirmClear(false))}
                >
                  {t('ask.kb.clearConfirm')}
                </button>
              ) : (
                <button type="button" className="button ghost" data-testid="kb-clear" disabled={busy} onClick={() => setConfirmClear(true)}>
                  {t('ask.kb.clear')}
                </button>
              )}
            </div>
          </div>
        </>
      ) : null}
    </div>
  );
}
