/** Template picker with the library actions: edit, new, delete, export and import (JSON). */
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { builtinTemplates } from '../../content/templates';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { saveTextFile } from '../../ui/fileIo';
import { isBuiltin } from './library';
import { useWrite } from './writeStore';
import { FilePicker } from '../../ui/FilePicker';

export function TemplateBar() {
  const { t } = useTranslation();
  // Only what the bar shows: it must not re-render for every streamed token.
  const {
    userTemplates,
    language,
    selectedId,
    status,
    libraryError,
    importResult,
    select,
    startEdit,
    startNew,
    deleteTemplate,
    importTemplateFile,
    exportTemplateFile,
  } = useWrite(
    useShallow((s) => ({
      userTemplates: s.userTemplates,
      language: s.language,
      selectedId: s.selectedId,
      status: s.status,
      libraryError: s.libraryError,
      importResult: s.importResult,
      select: s.select,
      startEdit: s.startEdit,
      startNew: s.startNew,
      deleteTemplate: s.deleteTemplate,
      importTemplateFile: s.importTemplateFile,
      exportTemplateFile: s.exportTemplateFile,
    })),
  );
  const [confirming, setConfirming] = useState(false);
  const running = status === 'running';
  const own = [...userTemplates].sort((a, b) => a.name.localeCompare(b.name));

  const onImport = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) await importTemplateFile(file);
  };

  return (
    <>
      <div className="form-grid">
        <label className="field grow">
          <span className="field-label">{t('write.template')}</span>
          <select
            className="select"
            data-testid="write-template"
            value={selectedId}
            disabled={running}
            onChange={(e) => {
              setConfirming(false);
              select(e.target.value);
            }}
          >
            <optgroup label={t('write.builtinGroup')}>
              {builtinTemplates(language).map((template) => (
                <option key={template.id} value={template.id}>
                  {template.name}
                </option>
              ))}
            </optgroup>
            {own.length > 0 ? (
              <optgroup label={t('write.userGroup')}>
                {own.map((template) => (
                  <option key={template.id} value={template.id}>
                    {template.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </label>
      </div>
      <div className="toolbar">
        <button type="button" className="button secondary" data-testid="write-template-edit" disabled={running} onClick={startEdit}>
          {t('write.edit')}
        </button>
        <button type="button" className="button secondary" data-testid="write-template-new" disabled={running} onClick={startNew}>
          {t('write.new')}
        </button>
        {!isBuiltin(selectedId) ? (
          confirming ? (
            <button type="button" className="button danger" data-testid="write-template-delete-confirm" onClick={() => void deleteTemplate(selectedId)}>
              {t('write.deleteConfirm')}
            </button>
          ) : (
            <button type="button" className="button ghost" data-testid="write-template-delete" disabled={running} onClick={() => setConfirming(true)}>
              {t('write.delete')}
            </button>
          )
        ) : null}
        <div className="toolbar-actions">
          <button
            type="button"
            className="button secondary"
            data-testid="write-templates-export"
            disabled={userTemplates.length === 0}
            title={userTemplates.length === 0 ? t('write.exportEmpty') : undefined}
            onClick={() => saveTextFile('llmaos-templates.json', exportTemplateFile(), 'application/json')}
          >
            {t('write.export')}
          </button>
          <FilePicker label={t('write.import')} accept=".json,application/json" testId="write-templates-import" onChange={(e) => void onImport(e)} />
        </div>
      </div>
      {importResult ? (
        <div className="muted" data-testid="write-import-result" role="status">
          {t('write.imported', { count: importResult.count })}
          {importResult.notes.length > 0 ? (
            <details>
              <summary>{t('write.importDetails')}</summary>
              <ul className="notes">
                {importResult.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
      {libraryError ? <ErrorMessage error={libraryError} testId="write-library-error" /> : null}
    </>
  );
}
