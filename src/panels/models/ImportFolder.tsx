/**
 * Imports a model folder from disk (picked or dropped) into the weight cache as `local/<folder>`,
 * then adds it to the user's models for the chosen task.
 */
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { workbench, weightCache } from '../../app/workbench';
import type { CatalogModel } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { IMPORT_FOLDER_HREF } from '../../ui/HubUnreachable';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatBytes } from '../../ui/format';
import { taskLabel } from '../../ui/taskLabels';
import { TASKS, WorkbenchError, type Task } from '../../core';
import { useWeightCache } from './cacheStore';
import { reason, refusal } from '../../core';
import {
  NO_DIRECTORY_DETAIL,
  externalDataProblem,
  folderFromDrop,
  folderFromInput,
  importedModelId,
  onnxProblem,
  planModelFolder,
  readFolder,
  type PickedFolder,
} from './folderImport';

type ImportState =
  | { phase: 'idle' }
  | { phase: 'reading'; name: string; read: number; total: number }
  | { phase: 'saving'; name: string }
  | { phase: 'done'; modelId: string; files: number; bytes: number }
  | { phase: 'error'; error: unknown; message?: string };

export function ImportFolder() {
  const { t, i18n } = useTranslation();
  const base = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const [targeted, setTargeted] = useState(false);
  const addUserModel = useSettings((s) => s.addUserModel);
  const refreshCache = useWeightCache((s) => s.refresh);
  const [task, setTask] = useState<Task>('sentiment');
  const [state, setState] = useState<ImportState>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const busy = state.phase === 'reading' || state.phase === 'saving';

  // React has no typed prop for these; they make the file picker choose a whole folder.
  useEffect(() => {
    inputRef.current?.setAttribute('webkitdirectory', '');
    inputRef.current?.setAttribute('directory', '');
  }, []);

  // "Import a model folder" links elsewhere (e.g. when the Hub cannot be reached) lead here.
  useEffect(() => {
    const reveal = () => {
      if (location.hash !== IMPORT_FOLDER_HREF) return;
      setTargeted(true);
      // After the panel's first layout, so the place scrolled to is where the card ends up.
      requestAnimationFrame(() => {
        cardRef.current?.scrollIntoView({ block: 'center' });
        cardRef.current?.focus({ preventScroll: true });
      });
    };
    reveal();
    window.addEventListener('hashchange', reveal);
    return () => window.removeEventListener('hashchange', reveal);
  }, []);

  const importFolder = async (pending: Promise<PickedFolder>) => {
    try {
      const folder = await pending;
      if (folder.files.length === 0) {
        setState({ phase: 'error', error: new WorkbenchError('bad-input', 'Empty folder.'), message: t('importFolder.emptyFolder') });
        return;
      }
      // Every file transformers.js will request must be here: a missing one would otherwise be
      // looked for on the Hub (which modelFetch refuses) and fail only at first use.
      const plan = planModelFolder(
        folder.files.map((f) => f.path),
        task,
      );
      if (!plan.ok) {
        const files = plan.missing.join(', ');
        const error = new WorkbenchError('bad-input', `Not a complete ${task} model folder: ${folder.name} lacks ${files}.`, `missing: ${files}`);
        setState({ phase: 'error', error, message: t('importFolder.missingFiles', { task: taskLabel(t, task), files }) });
        return;
      }
      const modelId = importedModelId(folder.name);
      setState({ phase: 'reading', name: folder.name, read: 0, total: 0 });
      const files = await readFolder(folder.files, (read, total) => setState({ phase: 'reading', name: folder.name, read, total }));
      for (const file of files.filter((f) => plan.onnx.includes(f.path))) {
        const problem = onnxProblem(new Uint8Array(file.data));
        if (problem) {
          setState({ phase: 'error', error: refusal(reason('onnxUnusable', { file: file.path, problem })) });
          return;
        }
      }
      // Weights kept beside the graph (`*.onnx_data`) must be declared, named and sized as the graph reads them.
      const externalProblem = externalDataProblem(files, plan.onnx);
      if (externalProblem) {
        setState({ phase: 'error', error: refusal(externalProblem) });
        return;
      }
      setState({ phase: 'saving', name: folder.name });
      await workbench.models.unload(modelId).catch(() => undefined); // re-import replaces a loaded copy
      await weightCache.importFiles(modelId, files);
      const bytes = files.reduce((sum, f) => sum + f.data.byteLength, 0);
      const model: CatalogModel = {
        id: modelId,
        task,
        languages: [],
        origin: 'imported',
        dtype: plan.dtype,
        approxBytes: bytes,
      };
      addUserModel(model);
      setState({ phase: 'done', modelId, files: files.length, bytes });
    } catch (error) {
      const dropError = error instanceof WorkbenchError && error.detail === NO_DIRECTORY_DETAIL;
      setState({ phase: 'error', error, message: dropError ? t('importFolder.dropFolder') : undefined });
    } finally {
      void refreshCache();
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (busy) return;
    // folderFromDrop reads the entries synchronously, while the drop event's data is still there.
    void importFolder(folderFromDrop(event.dataTransfer.items));
  };

  return (
    <div
      className={targeted ? 'card targeted' : 'card'}
      ref={cardRef}
      tabIndex={-1}
      id="import-folder"
      data-testid="import-folder"
      data-targeted={targeted ? 'true' : 'false'}
      aria-labelledby={`${base}-title`}
    >
      <h2 id={`${base}-title`}>{t('importFolder.title')}</h2>
      <p className="muted">{t('importFolder.intro')}</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${base}-task`} className="field-label">
            {t('importFolder.taskLabel')}
          </label>
          <select
            id={`${base}-task`}
            className="select"
            data-testid="import-task"
            value={task}
            onChange={(e) => setTask(e.target.value as Task)}
            disabled={busy}
          >
            {TASKS.map((tk) => (
              <option key={tk} value={tk}>
                {taskLabel(t, tk)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        data-testid="import-drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('importFolder.dropHere')}</p>
        <label htmlFor={`${base}-input`} className="button secondary file-button">
          {t('importFolder.choose')}
        </label>
        <input
          id={`${base}-input`}
          ref={inputRef}
          type="file"
          multiple
          className="visually-hidden"
          data-testid="import-folder-input"
          disabled={busy}
          onChange={(e) => {
            const list = e.target.files;
            if (list && list.length > 0) void importFolder(Promise.resolve(folderFromInput(list)));
          }}
        />
      </div>
      <div className="import-status" data-testid="import-status" data-phase={state.phase}>
        {state.phase === 'reading' ? (
          <ProgressBar
            label={t('importFolder.reading', { folder: state.name })}
            value={state.read}
            max={state.total}
            detail={t('progress.bytesOf', { loaded: formatBytes(state.read, i18n.language), total: formatBytes(state.total, i18n.language) })}
          />
        ) : null}
        {state.phase === 'saving' ? <ProgressBar label={t('importFolder.saving', { folder: state.name })} /> : null}
        {state.phase === 'done' ? (
          <p className="ok-text" role="status">
            {t('importFolder.done', { model: state.modelId, count: state.files, size: formatBytes(state.bytes, i18n.language) })}
          </p>
        ) : null}
        {state.phase === 'error' ? <ErrorMessage error={state.error} message={state.message} testId="import-error" /> : null}
      </div>
    </div>
  );
}
