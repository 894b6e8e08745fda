/**
 * The selected template's fields (write-var-<name>). Required ones left empty when Generate was
 * pressed say so next to themselves (write-var-<name>-error); Generate gives the first of them the
 * focus (DraftOutput).
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { ownValue, type TemplateVariable } from '../../content/templates';
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
  const errorId = `${id}-error`;
  const common = {
    id,
    'data-testid': id,
    value,
    disabled,
    placeholder: variable.default,
    'aria-invalid': invalid,
    'aria-describedby': invalid ? errorId : undefined,
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
      {invalid ? (
        <span className="error-text field-error" id={errorId} data-testid={errorId}>
          {t('write.fieldRequired', { field: variable.label })}
        </span>
      ) : null}
    </div>
  );
}

export function VariableForm() {
  const { t } = useTranslation();
  // Not the streamed output: the form must not re-render for every token.
  const state = useWrite(
    useShallow((s) => ({
      userTemplates: s.userTemplates,
      language: s.language,
      selectedId: s.selectedId,
      values: s.values,
      status: s.status,
      missingFields: s.missingFields,
      promptTooLong: s.promptTooLong,
      setValue: s.setValue,
    })),
  );
  const template = currentTemplate(state);
  const values = ownValue(state.values, template.id) ?? {};
  const missing = new Set(state.missingFields);

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
