/**
 * Settings → Workspace backup: the whole workspace (datasets, results, analyses, templates,
 * drafts, knowledge bases, classifiers) as one file, and restoring such a file by replacing the
 * workspace or merging into it. The file format and its checks are src/storage/backup.ts: a bad
 * file is refused before anything is written, and a restore is one transaction.
 */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { exportBackup, restoreBackup } from '../../services/backupClient';
import { reason, refusal } from '../../core';
import { BACKUP_MAX_BYTES, restoreSummaryLines, type ImportMode, type ImportSummary, type WorkspaceStoreName } from '../../storage/repositories';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { saveBlobFile } from '../../ui/fileIo';
import { formatBytes, formatNumber } from '../../ui/format';
import { FilePicker } from '../../ui/FilePicker';

/** `llmaos-workspace-2025-06-30.json`, in local time, so files sort by date. */
export function backupFileName(now: Date = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `llmaos-workspace-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/** Literal keys, so the i18n test sees every one (it allows no keys built at run time here). */
function storeLabel(t: TFunction, store: WorkspaceStoreName): string {
  switch (store) {
    case 'datasets':
      return t('backup.stores.datasets');
    case 'datasetRows':
      return t('backup.stores.datasetRows');
    case 'runs':
      return t('backup.stores.runs');
    case 'runResults':
      return t('backup.stores.runResults');
    case 'analyses':
      return t('backup.stores.analyses');
    case 'templates':
      return t('backup.stores.templates');
    case 'drafts':
      return t('backup.stores.drafts');
    case 'knowledgeBases':
      return t('backup.stores.knowledgeBases');
    case 'passages':
      return t('backup.stores.passages');
    case 'classifiers':
      return t('backup.stores.classifiers');
    case 'apps':
      return t('backup.stores.apps');
    case 'appRuns':
      return t('backup.stores.appRuns');
  }
}

type ExportState = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; fileName: string; bytes: number } | { phase: 'error'; error: unknown };
type RestoreState = { phase: 'idle' } | { phase: 'busy' } | { phase: 'done'; summary: ImportSummary; mode: ImportMode } | { phase: 'error'; error: unknown };

export function BackupSection() {
  const { t, i18n } = useTranslation();
  const base = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [exportState, setExportState] = useState<ExportState>({ phase: 'idle' });
  const [restoreState, setRestoreState] = useState<RestoreState>({ phase: 'idle' });
  const [mode, setMode] = useState<ImportMode>('merge');
  const [file, setFile] = useState<File | null>(null);
  const locale = i18n.language;

  const onExport = async () => {
    setExportState({ phase: 'busy' });
    try {
      const { blob, bytes } = await exportBackup();
      const fileName = backupFileName();
      saveBlobFile(fileName, blob);
      setExportState({ phase: 'done', fileName, bytes });
    } catch (error) {
      setExportState({ phase: 'error', error });
    }
  };

  const onRestore = async () => {
    if (!file) return;
    if (mode === 'replace' && !window.confirm(t('backup.confirmReplace'))) return;
    setRestoreState({ phase: 'busy' });
    try {
      // Refused before reading: parsing a file this big would freeze the page for seconds and
      // the write then fails anyway (a 200 MB backup: "transaction has finished", issue 11).
      if (file.size > BACKUP_MAX_BYTES) {
        const size = Math.round(file.size / 1024 / 1024);
        throw refusal(reason('backupTooLarge', { size, limit: BACKUP_MAX_BYTES / 1024 / 1024 }));
      }
      const summary = await restoreBackup(file, mode);
      setRestoreState({ phase: 'done', summary, mode });
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
    } catch (error) {
      setRestoreState({ phase: 'error', error });
    }
  };

  const restored = restoreState.phase === 'done' ? restoreState.summary : null;
  const restoredTotal = restored ? Object.values(restored.stores).reduce((sum, count) => sum + count, 0) : 0;

  return (
    <section className="card" aria-labelledby={`${base}-title`} data-testid="backup-section">
      <h2 id={`${base}-title`}>{t('backup.title')}</h2>
      <p className="hint">{t('backup.intro')}</p>

      <div className="toolbar">
        <button type="button" className="button secondary" data-testid="backup-export" onClick={() => void onExport()} disabled={exportState.phase === 'busy'}>
          {exportState.phase === 'busy' ? t('backup.exporting') : t('backup.export')}
        </button>
        {exportState.phase === 'done' ? (
          <span className="muted" data-testid="backup-export-done">
            {t('backup.exported', { file: exportState.fileName, size: formatBytes(exportState.bytes, locale) })}
          </span>
        ) : null}
      </div>
      {exportState.phase === 'error' ? <ErrorMessage error={exportState.error} testId="backup-export-error" /> : null}

      <fieldset className="fieldset">
        <legend>{t('backup.restoreTitle')}</legend>
        <div className="radio-list">
          {(['merge', 'replace'] as const).map((value) => (
            <label key={value} className={mode === value ? 'radio-card checked' : 'radio-card'}>
              <input
                type="radio"
                name={`${base}-mode`}
                value={value}
                checked={mode === value}
                onChange={() => setMode(value)}
                data-testid={`backup-mode-${value}`}
              />
              <span>
                <span className="radio-name">{value === 'merge' ? t('backup.modeMerge') : t('backup.modeReplace')}</span>
                <span className="hint">{value === 'merge' ? t('backup.modeMergeHint') : t('backup.modeReplaceHint')}</span>
              </span>
            </label>
          ))}
        </div>
        <div className="toolbar">
          <span className="field-label" id={`${base}-file`}>
            {t('backup.fileLabel')}
          </span>
          <span role="group" aria-labelledby={`${base}-file`} className="file-field-row">
            <FilePicker
              label={t('filePicker.choose')}
              inputRef={fileInput}
              accept=".json,application/json"
              testId="backup-file"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setRestoreState({ phase: 'idle' });
              }}
            />
            {file ? (
              <span className="muted" data-testid="backup-file-name">
                {file.name}
              </span>
            ) : null}
          </span>
          <div className="toolbar-actions">
            <button
              type="button"
              className="button primary"
              data-testid="backup-restore"
              onClick={() => void onRestore()}
              disabled={!file || restoreState.phase === 'busy'}
            >
              {restoreState.phase === 'busy' ? t('backup.restoring') : t('backup.restore')}
            </button>
          </div>
        </div>
      </fieldset>

      {restored ? (
        <div className="status status-done" role="status" data-testid="backup-restore-done">
          <p>
            {restoreState.phase === 'done' && restoreState.mode === 'replace'
              ? t('backup.restoredReplace', { count: restoredTotal, formatted: formatNumber(restoredTotal, locale) })
              : t('backup.restoredMerge', { count: restoredTotal, formatted: formatNumber(restoredTotal, locale) })}
          </p>
          <ul>
            {restoreSummaryLines(restored).map(({ store, count }) => (
              <li key={store} data-store={store} data-count={count}>
                {storeLabel(t, store)}: {formatNumber(count, locale)}
              </li>
            ))}
          </ul>
          <p className="hint">{t('backup.skippedModels')}</p>
        </div>
      ) : null}
      {restoreState.phase === 'error' ? <ErrorMessage error={restoreState.error} lead={t('backup.restoreFailed')} testId="backup-restore-error" /> : null}
    </section>
  );
}
