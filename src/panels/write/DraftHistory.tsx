/** Every draft generated, newest first, kept in the workspace (on this device) across reloads. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../ui/CopyButton';
import { formatNumber } from '../../ui/format';
import type { Draft } from './library';
import { useWrite } from './writeStore';

function DraftItem({ draft }: { draft: Draft }) {
  const { t, i18n } = useTranslation();
  const deleteDraft = useWrite((s) => s.deleteDraft);
  const reuseDraft = useWrite((s) => s.reuseDraft);
  const [open, setOpen] = useState(false);
  const locale = i18n.language;
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(draft.createdAt);
  return (
    <li className="draft" data-testid="write-draft" data-id={draft.id} data-stopped={draft.stopped ? 'true' : 'false'}>
      <div className="draft-head">
        <strong className="draft-title">{draft.title}</strong>
        {draft.stopped ? <span className="tag">{t('write.history.stopped')}</span> : null}
        <span className="muted">{t('write.history.meta', { date, count: draft.tokenCount, formatted: formatNumber(draft.tokenCount, locale) })}</span>
      </div>
      <p className={open ? 'draft-text' : 'draft-text clamped'} data-testid="write-draft-text">
        {draft.text}
      </p>
      <div className="toolbar">
        <button type="button" className="button ghost" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? t('write.history.less') : t('write.history.more')}
        </button>
        <CopyButton label={t('write.copy')} getText={() => draft.text} />
        <button type="button" className="button ghost" data-testid="write-draft-reuse" onClick={() => reuseDraft(draft)}>
          {t('write.history.reuse')}
        </button>
        <button type="button" className="button ghost" data-testid="write-draft-delete" onClick={() => void deleteDraft(draft.id)}>
          {t('write.history.delete')}
        </button>
      </div>
    </li>
  );
}

export function DraftHistory() {
  const { t } = useTranslation();
  const drafts = useWrite((s) => s.drafts);
  const loaded = useWrite((s) => s.loaded);
  return (
    <div className="card" data-testid="write-history" data-loaded={loaded ? 'true' : 'false'}>
      <h2>{t('write.history.title')}</h2>
      {drafts.length === 0 ? (
        <p className="muted">{loaded ? t('write.history.empty') : t('common.loading')}</p>
      ) : (
        <ol className="drafts">
          {drafts.map((draft) => (
            <DraftItem key={draft.id} draft={draft} />
          ))}
        </ol>
      )}
    </div>
  );
}
