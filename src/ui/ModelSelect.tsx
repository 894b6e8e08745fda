/** A model picker: catalog models of a task, plus (for classification) the saved custom classifiers. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { customModelId } from '../models/catalog';

/** A saved custom classifier as the picker lists it. */
export interface CustomModelOption {
  id: string;
  name: string;
  /** The categories it assigns. */
  labels: readonly string[];
}

export interface ModelSelectProps {
  label: string;
  /** Catalog model ids. */
  models: readonly string[];
  /** The model used when the value is '' (shown as the first option). */
  assigned?: string;
  custom?: readonly CustomModelOption[];
  value: string;
  testId: string;
  onChange(model: string): void;
  /** An option for "no model" (e.g. no second model to compare); its value is ''. */
  noneLabel?: string;
  disabled?: boolean;
}

export function ModelSelect({ label, models, assigned, custom = [], value, testId, onChange, noneLabel, disabled }: ModelSelectProps) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} className="select" value={value} data-testid={testId} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {noneLabel !== undefined ? (
          <option value="">{noneLabel}</option>
        ) : assigned !== undefined ? (
          <option value="">{t('modelSelect.assigned', { model: assigned })}</option>
        ) : null}
        <optgroup label={t('modelSelect.catalog')}>
          {models.map((model) => (
            <option key={model} value={model}>
              {model}
            </option>
          ))}
        </optgroup>
        {custom.length > 0 ? (
          <optgroup label={t('modelSelect.custom')}>
            {custom.map((c) => (
              <option key={c.id} value={customModelId(c.name)}>
                {t('modelSelect.customOption', { name: c.name, count: c.labels.length })}
              </option>
            ))}
          </optgroup>
        ) : null}
      </select>
    </div>
  );
}
