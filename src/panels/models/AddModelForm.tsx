/** Adds a Hub model by id (`org/name`) for a task; it joins the catalog and can then be assigned. */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { customModel, isValidModelId, type CatalogModel } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import { taskLabel } from '../../ui/taskLabels';
import { TASKS, type Task } from '../../core';

/** "en, zh-CN" → ["en", "zh-CN"]; anything that does not look like a language code is dropped. */
export function parseLanguages(text: string): string[] {
  return [...new Set(text.split(/[\s,;，、]+/).filter((code) => /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(code)))];
}

export function AddModelForm({ catalog }: { catalog: CatalogModel[] }) {
  const { t } = useTranslation();
  const base = useId();
  const addUserModel = useSettings((s) => s.addUserModel);
  const [id, setId] = useState('');
  const [task, setTask] = useState<Task>('sentiment');
  const [languages, setLanguages] = useState('');
  const [message, setMessage] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const modelId = id.trim();
    if (!isValidModelId(modelId)) {
      setMessage({ kind: 'error', text: t('addModel.invalidId') });
      return;
    }
    if (catalog.some((m) => m.id === modelId)) {
      setMessage({ kind: 'error', text: t('addModel.duplicate', { model: modelId }) });
      return;
    }
    addUserModel(customModel(modelId, task, parseLanguages(languages)));
    setMessage({ kind: 'ok', text: t('addModel.added', { model: modelId, task: taskLabel(t, task) }) });
    setId('');
    setLanguages('');
  };

  return (
    <form className="card form" onSubmit={submit} noValidate data-testid="add-model-form">
      <h2>{t('addModel.title')}</h2>
      <p className="muted">{t('addModel.intro')}</p>
      <div className="form-grid">
        <div className="field grow">
          <label htmlFor={`${base}-id`} className="field-label">
            {t('addModel.idLabel')}
          </label>
          <input
            id={`${base}-id`}
            className="input"
            data-testid="add-model-id"
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder={t('addModel.idPlaceholder')}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={message?.kind === 'error'}
            aria-describedby={`${base}-message`}
          />
        </div>
        <div className="field">
          <label htmlFor={`${base}-task`} className="field-label">
            {t('addModel.taskLabel')}
          </label>
          <select id={`${base}-task`} className="select" data-testid="add-model-task" value={task} onChange={(e) => setTask(e.target.value as Task)}>
            {TASKS.map((tk) => (
              <option key={tk} value={tk}>
                {taskLabel(t, tk)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${base}-langs`} className="field-label">
            {t('addModel.languagesLabel')}
          </label>
          <input
            id={`${base}-langs`}
            className="input"
            data-testid="add-model-languages"
            value={languages}
            onChange={(e) => setLanguages(e.target.value)}
            placeholder={t('addModel.languagesPlaceholder')}
            autoComplete="off"
          />
        </div>
        <div className="field field-button">
          <button type="submit" className="button primary" data-testid="add-model-submit">
            {t('addModel.submit')}
          </button>
        </div>
      </div>
      <p
        id={`${base}-message`}
        className={message?.kind === 'error' ? 'form-message error-text' : 'form-message ok-text'}
        role={message?.kind === 'error' ? 'alert' : 'status'}
        data-testid="add-model-message"
      >
        {message?.text ?? ''}
      </p>
    </form>
  );
}
