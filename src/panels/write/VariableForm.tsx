/** The selected template's fields (write-var-<name>); required ones left empty are marked after a try. */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { missingVariables, ownValue, type TemplateVariable } from '../../content/templates';
import { toWorkbenchError } from '../../ui/errors';
import { currentTemplate, useWrite } from './writeStore';

function Field({
  variable,
  value,
  invalid,
  disabled,
  onChange,
}: {
  variable: TemplateVariable;
  value: string;
  invalid: boolean;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const id = `write-var-${variable.name}`;
  const common = {
    id,
    'data-testid': id,
    value,
    disabled,
    placeholder: variable.default,
    'aria-invalid': invalid,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value),
  };
  return (
    <div className={variable.kind === 'text' ? 'field' : 'field grow'}>
      <label htmlFor={id} className="field-label">
        {variable.label}
        {variable.required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {variable.kind === 'text' ? <input className="input" {...common} /> : <textarea className="textarea short" rows={4} {...common} />}
      {variable.kind === 'list' ? <span className="hint">{t('write.listHint')}</span> : null}
    </div>
  );
}

export function VariableForm() {
  const { t } = useTranslation();
  // Not the streamed output: the form must not re-render for every token.
  const state = useWrite(
    useShallow((s) => ({
      userTemplates: s.userTemplates,
      selectedId: s.selectedId,
      values: s.values,
      status: s.status,
      error: s.error,
      promptTooLong: s.promptTooLong,
      setValue: s.setValue,
    })),
  );
  const template = currentTemplate(state);
  const values = ownValue(state.values, template.id) ?? {};
  const triedAndMissing = state.status === 'error' && toWorkbenchError(state.error).code === 'bad-input';
  const missing = triedAndMissing ? new Set(missingVariables(template, values).map((v) => v.name)) : new Set<string>();

  if (template.variables.length === 0) return <p className="muted">{t('write.fieldsEmpty')}</p>;
  return (
    <div className="form-grid" data-testid="write-fields">
      {template.variables.map((variable) => (
        <Field
          key={`${template.id}:${variable.name}`}
          variable={variable}
          value={ownValue(values, variable.name) ?? ''}
          invalid={missing.has(variable.name)}
          disabled={state.status === 'running'}
          onChange={(value) => state.setValue(variable.name, value)}
        />
      ))}
      {state.promptTooLong ? (
        <p className="error-text" role="alert" data-testid="write-prompt-too-long">
          {t('write.promptTooLong', { ...state.promptTooLong })}
        </p>
      ) : null}
    </div>
  );
}
