/**
 * The market: the built-in apps and the user's installed apps side by side, each card saying what
 * it does, its languages and the models it needs, with Run, Edit, Duplicate, Export and Delete;
 * installing from a file (picker here, or a drop anywhere on the tab) and what each import did.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { localized } from '../../apps';
import type { AppListing } from '../../sdk';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FilePicker } from '../../ui/FilePicker';
import { saveTextFile } from '../../ui/fileIo';
import { languageNames, taskLabel } from '../../ui/taskLabels';
import { useApps, type ImportNotice } from './appsStore';

function Notice({ notice }: { notice: ImportNotice }) {
  const { t, i18n } = useTranslation();
  if (notice.kind === 'refused')
    return (
      <div data-testid="apps-notice" data-kind="refused" data-file={notice.fileName}>
        <ErrorMessage error={notice.error} lead={t('apps.import.refused', { file: notice.fileName })} testId="apps-notice-error" />
      </div>
    );
  const name = localized(notice.name, i18n.language);
  return (
    <p className="form-message ok-text" role="status" data-testid="apps-notice" data-kind="installed" data-file={notice.fileName} data-app-id={notice.id}>
      {notice.renamedFrom !== undefined
        ? t('apps.import.installedRenamed', { name, file: notice.fileName, id: notice.id, from: notice.renamedFrom })
        : notice.replaced
          ? t('apps.import.replaced', { name, file: notice.fileName })
          : t('apps.import.installed', { name, file: notice.fileName })}
    </p>
  );
}

function AppCard({ listing }: { listing: AppListing }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const { definition, builtin, needs } = listing;
  const name = localized(definition.name, i18n.language);
  const apps = useApps.getState();
  const exportApp = () => {
    const file = apps.exportFile(definition.id);
    if (file) saveTextFile(file.fileName, file.text, 'application/json');
  };
  return (
    <li className="card apps-card" data-testid="apps-card" data-app-id={definition.id} data-builtin={builtin ? 'true' : 'false'}>
      <div className="apps-card-head">
        <span className="apps-icon" aria-hidden="true" style={definition.color ? { background: definition.color } : undefined}>
          {definition.icon ?? '▣'}
        </span>
        <div className="apps-card-title">
          <h3 data-testid="apps-card-name">{name}</h3>
          <span className={builtin ? 'tag' : 'tag tag-accent'}>{builtin ? t('apps.card.builtin') : t('apps.card.installed')}</span>
        </div>
      </div>
      {definition.description ? <p className="apps-card-description">{localized(definition.description, i18n.language)}</p> : null}
      <dl className="facts apps-facts">
        <dt>{t('apps.card.languages')}</dt>
        <dd data-testid="apps-card-languages">
          {definition.languages?.length ? languageNames(definition.languages, i18n.language, t) : t('apps.card.anyLanguage')}
        </dd>
        <dt>{t('apps.card.needs')}</dt>
        <dd data-testid="apps-card-needs">
          {needs.map((need) => (need.model === undefined ? taskLabel(t, need.task) : `${taskLabel(t, need.task)} (${need.model})`)).join(', ') ||
            t('apps.card.noModels')}
        </dd>
        <dt>{t('apps.card.steps')}</dt>
        <dd>{t('apps.card.stepCount', { count: definition.steps.length })}</dd>
      </dl>
      <div className="apps-card-actions">
        <button
          type="button"
          className="button primary"
          data-testid="apps-card-run"
          aria-label={t('apps.card.named', { action: t('apps.card.run'), name })}
          onClick={() => void apps.openRun(definition.id)}
        >
          {t('apps.card.run')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="apps-card-edit"
          aria-label={t('apps.card.named', { action: builtin ? t('apps.card.editCopy') : t('apps.card.edit'), name })}
          onClick={() => apps.edit(definition.id)}
        >
          {builtin ? t('apps.card.editCopy') : t('apps.card.edit')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="apps-card-duplicate"
          aria-label={t('apps.card.named', { action: t('apps.card.duplicate'), name })}
          onClick={() => void apps.duplicate(definition.id)}
        >
          {t('apps.card.duplicate')}
        </button>
        <button
          type="button"
          className="button secondary"
          data-testid="apps-card-export"
          aria-label={t('apps.card.named', { action: t('apps.card.export'), name })}
          onClick={exportApp}
        >
          {t('apps.card.export')}
        </button>
        {builtin ? null : confirming ? (
          <span className="apps-confirm" role="group" aria-label={t('apps.card.confirmDelete', { name })}>
            <span>{t('apps.card.confirmDelete', { name })}</span>
            <button type="button" className="button danger" data-testid="apps-card-delete-confirm" onClick={() => void apps.remove(definition.id)}>
              {t('apps.card.deleteYes')}
            </button>
            <button type="button" className="button ghost" data-testid="apps-card-delete-cancel" onClick={() => setConfirming(false)}>
              {t('apps.card.deleteNo')}
            </button>
          </span>
        ) : (
          <button
            type="button"
            className="button danger"
            data-testid="apps-card-delete"
            aria-label={t('apps.card.named', { action: t('apps.card.delete'), name })}
            onClick={() => setConfirming(true)}
          >
            {t('apps.card.delete')}
          </button>
        )}
      </div>
    </li>
  );
}

export function Market() {
  const { t } = useTranslation();
  const listings = useApps((s) => s.listings);
  const loaded = useApps((s) => s.loaded);
  const loadError = useApps((s) => s.loadError);
  const importing = useApps((s) => s.importing);
  const notices = useApps((s) => s.notices);
  const actionError = useApps((s) => s.actionError);
  const importFiles = useApps((s) => s.importFiles);
  const create = useApps((s) => s.create);
  const builtin = listings.filter((listing) => listing.builtin);
  const installed = listings.filter((listing) => !listing.builtin);
  return (
    <>
      <div className="card">
        <div className="toolbar">
          <p className="muted apps-drop-hint">{t('apps.import.hint')}</p>
          <div className="toolbar-actions">
            <FilePicker
              label={t('apps.import.choose')}
              accept=".json,application/json"
              multiple
              disabled={importing}
              testId="apps-import-input"
              onChange={(event) => void importFiles([...(event.target.files ?? [])])}
            />
            <button type="button" className="button primary" data-testid="apps-new" onClick={create}>
              {t('apps.builder.new')}
            </button>
          </div>
        </div>
        {importing ? (
          <p className="muted" role="status">
            {t('apps.import.working')}
          </p>
        ) : null}
        {notices.map((notice, i) => (
          <Notice key={`${notice.fileName}-${i}`} notice={notice} />
        ))}
        {actionError ? <ErrorMessage error={actionError} testId="apps-action-error" /> : null}
        {loadError ? <ErrorMessage error={loadError} testId="apps-load-error" /> : null}
      </div>
      <div className="apps-columns" data-testid="apps-list" data-loaded={loaded ? 'true' : 'false'} data-installed={installed.length}>
        <section aria-labelledby="apps-builtin-title" className="apps-column">
          <h2 id="apps-builtin-title">{t('apps.market.builtin')}</h2>
          <ul className="apps-cards">
            {builtin.map((listing) => (
              <AppCard key={listing.definition.id} listing={listing} />
            ))}
          </ul>
        </section>
        <section aria-labelledby="apps-installed-title" className="apps-column">
          <h2 id="apps-installed-title">{t('apps.market.installed')}</h2>
          {installed.length === 0 ? <p className="muted">{t('apps.market.none')}</p> : null}
          <ul className="apps-cards">
            {installed.map((listing) => (
              <AppCard key={listing.definition.id} listing={listing} />
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
