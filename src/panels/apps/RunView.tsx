/**
 * Running one app: a form for its inputs (a text, a list, a dataset column from Insights or pasted
 * items, a text file, named fields), Run and Cancel, each step's progress, the outputs, and the
 * runs kept in the workspace.
 */
import { useId } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { localized, type AppDefinition, type AppInput } from '../../apps';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { FilePicker } from '../../ui/FilePicker';
import { formatDateTime } from '../../ui/format';
import { StatusLine } from '../../ui/StatusLine';
import { DATASET_ROLES, useApps, type DatasetRole, type InputDraft, type RunStatus } from './appsStore';
import { OutputsView, StepProgress } from './Outputs';

function ColumnSource({ input, draft, disabled }: { input: AppInput; draft: InputDraft; disabled: boolean }) {
  const { t } = useTranslation();
  const datasets = useApps((s) => s.datasets);
  const setInput = useApps((s) => s.setInput);
  const sourceId = useId();
  const columnId = useId();
  const dataset = datasets.find((entry) => entry.id === draft.datasetId);
  return (
    <div className="form-grid">
      <div className="field">
        <label className="field-label" htmlFor={sourceId}>
          {t('apps.run.source')}
        </label>
        <select
          id={sourceId}
          className="select"
          value={draft.datasetId ?? ''}
          disabled={disabled}
          data-testid={`apps-input-${input.id}-dataset`}
          onChange={(event) => {
            const picked = datasets.find((entry) => entry.id === event.target.value);
            setInput(input.id, picked ? { datasetId: picked.id, role: picked.columns[0]?.role ?? 'text' } : { datasetId: undefined, role: undefined });
          }}
        >
          <option value="">{t('apps.run.pasteItems')}</option>
          {datasets.map((entry) => (
            <option key={entry.id} value={entry.id}>
              {t('apps.run.datasetOption', { name: entry.name, count: entry.rowCount })}
            </option>
          ))}
        </select>
      </div>
      {dataset ? (
        <div className="field">
          <label className="field-label" htmlFor={columnId}>
            {t('apps.run.column')}
          </label>
          <select
            id={columnId}
            className="select"
            value={draft.role ?? 'text'}
            disabled={disabled}
            data-testid={`apps-input-${input.id}-column`}
            onChange={(event) => {
              const role = DATASET_ROLES.find((entry) => entry === event.target.value);
              if (role) setInput(input.id, { role: role satisfies DatasetRole });
            }}
          >
            {dataset.columns.map((column) => (
              <option key={column.role} value={column.role}>
                {column.column}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </div>
  );
}

function InputField({ input, disabled }: { input: AppInput; disabled: boolean }) {
  const { t, i18n } = useTranslation();
  const draft = useApps((s) => s.inputs[input.id]) ?? { text: '' };
  const setInput = useApps((s) => s.setInput);
  const id = useId();
  const label = localized(input.label, i18n.language);
  const required = input.required ? ` (${t('apps.run.required')})` : '';
  if (input.kind === 'fields')
    return (
      <fieldset className="apps-fieldset">
        <legend>
          {label}
          {required}
        </legend>
        <div className="form-grid">
          {(input.fields ?? []).map((field) => (
            <div className="field" key={field.id}>
              <label className="field-label" htmlFor={`${id}-${field.id}`}>
                {localized(field.label, i18n.language)}
              </label>
              <input
                id={`${id}-${field.id}`}
                className="input"
                type="text"
                disabled={disabled}
                value={draft.fields && Object.hasOwn(draft.fields, field.id) ? draft.fields[field.id] : ''}
                data-testid={`apps-input-${input.id}-field-${field.id}`}
                onChange={(event) => setInput(input.id, { fields: { ...(draft.fields ?? {}), [field.id]: event.target.value } })}
              />
            </div>
          ))}
        </div>
      </fieldset>
    );
  const fromDataset = input.kind === 'column' && draft.datasetId !== undefined;
  return (
    <div className="field apps-input">
      <label className="field-label" htmlFor={id}>
        {label}
        {required}
      </label>
      {input.kind === 'column' ? <ColumnSource input={input} draft={draft} disabled={disabled} /> : null}
      {input.kind === 'file' ? (
        <span className="file-field-row">
          <FilePicker
            label={t('apps.run.chooseFile')}
            accept=".txt,.md,.markdown,.csv,.json,text/*"
            disabled={disabled}
            testId={`apps-input-${input.id}-file`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then((text) => setInput(input.id, { text, fileName: file.name }));
            }}
          />
          {draft.fileName ? <span className="muted">{t('apps.run.fileLoaded', { name: draft.fileName, count: draft.text.length })}</span> : null}
        </span>
      ) : null}
      {fromDataset ? null : (
        <textarea
          id={id}
          className="textarea"
          rows={input.kind === 'text' || input.kind === 'file' ? 6 : 5}
          disabled={disabled}
          value={draft.text}
          placeholder={input.kind === 'list' || input.kind === 'column' ? t('apps.run.listPlaceholder') : undefined}
          data-testid={`apps-input-${input.id}`}
          onChange={(event) => setInput(input.id, { text: event.target.value, fileName: undefined })}
        />
      )}
    </div>
  );
}

export function statusText(t: TFunction, status: RunStatus): string {
  switch (status) {
    case 'idle':
      return '';
    case 'running':
      return t('apps.run.status.running');
    case 'done':
      return t('apps.run.status.done');
    case 'cancelled':
      return t('apps.run.status.cancelled');
    case 'error':
      return t('apps.run.status.error');
  }
}

function History() {
  const { t, i18n } = useTranslation();
  const history = useApps((s) => s.history);
  if (history.length === 0) return null;
  return (
    <details className="card apps-history">
      <summary>{t('apps.run.history', { count: history.length })}</summary>
      <ul>
        {history.slice(0, 20).map((run) => (
          <li key={run.id} data-testid="apps-history-entry" data-status={run.status}>
            {formatDateTime(run.startedAt, i18n.language)} — {statusText(t, run.status === 'done' || run.status === 'cancelled' ? run.status : 'error')}
          </li>
        ))}
      </ul>
    </details>
  );
}

export function RunView({ app }: { app: AppDefinition }) {
  const { t, i18n } = useTranslation();
  const runState = useApps((s) => s.runState);
  const { run, cancel, useSamples, showMarket } = useApps.getState();
  const running = runState.status === 'running';
  const name = localized(app.name, i18n.language);
  const hasSamples = app.inputs.some((input) => input.sample !== undefined);
  return (
    <div className="apps-run" data-testid="apps-run-view" data-app-id={app.id}>
      <div className="toolbar">
        <button type="button" className="button ghost" data-testid="apps-back" onClick={showMarket}>
          {t('apps.back')}
        </button>
      </div>
      <form
        className="card"
        aria-labelledby="apps-run-title"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <h2 id="apps-run-title">{t('apps.run.title', { name })}</h2>
        {app.description ? <p className="muted">{localized(app.description, i18n.language)}</p> : null}
        {app.inputs.map((input) => (
          <InputField key={input.id} input={input} disabled={running} />
        ))}
        <div className="toolbar">
          {hasSamples ? (
            <button type="button" className="button secondary" data-testid="apps-use-sample" disabled={running} onClick={useSamples}>
              {t('apps.run.useSample')}
            </button>
          ) : null}
          <div className="toolbar-actions">
            <button type="submit" className="button primary" data-testid="apps-run" disabled={running}>
              {running ? t('apps.run.running') : t('apps.run.run')}
            </button>
            <button type="button" className="button secondary" data-testid="apps-cancel" disabled={!running} onClick={cancel}>
              {t('apps.run.cancel')}
            </button>
          </div>
        </div>
        <StepProgress app={app} run={runState} testId="apps-step" />
        <StatusLine status={runState.status} testId="apps-run-status">
          {statusText(t, runState.status)}
        </StatusLine>
        {runState.status === 'error' ? <ErrorMessage error={runState.error} lead={t('apps.run.failed')} testId="apps-run-error" /> : null}
      </form>
      {runState.result && runState.status === 'done' ? (
        <div className="card">
          <h2>{t('apps.run.results')}</h2>
          <OutputsView app={app} result={runState.result} />
        </div>
      ) : null}
      <History />
    </div>
  );
}
