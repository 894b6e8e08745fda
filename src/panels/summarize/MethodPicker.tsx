/**
 * How to summarize: automatic (the model when it knows the text's language, else the text's own
 * central sentences), always the model, or always extractive. Says which one auto will use.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryMethod } from '../../models/routing';
import { effectiveMethod, useSummarize } from './summarizeStore';

const METHODS: readonly SummaryMethod[] = ['auto', 'model', 'extractive'];

export function MethodPicker() {
  const { t } = useTranslation();
  const method = useSummarize((s) => s.method);
  const setMethod = useSummarize((s) => s.setMethod);
  const running = useSummarize((s) => s.status === 'running');
  const input = useSummarize((s) => s.input);
  const labels: Record<SummaryMethod, string> = {
    auto: t('summarize.method.auto'),
    model: t('summarize.method.model'),
    extractive: t('summarize.method.extractive'),
  };
  // Detection samples the text's start, so this stays cheap on a pasted megabyte.
  const resolved = useMemo(() => (input.trim() === '' ? null : effectiveMethod(input, method)), [input, method]);
  return (
    <fieldset className="segmented" disabled={running} data-testid="summarize-method" data-resolved={resolved ?? ''}>
      <legend className="field-label">{t('summarize.method.label')}</legend>
      {METHODS.map((value) => (
        <label key={value} className={value === method ? 'segment checked' : 'segment'}>
          <input
            type="radio"
            name="summarize-method"
            value={value}
            checked={value === method}
            data-testid={`summarize-method-${value}`}
            onChange={() => setMethod(value)}
          />
          {labels[value]}
        </label>
      ))}
      {method === 'auto' && resolved === 'extractive' ? (
        <span className="muted" data-testid="summarize-method-note">
          {t('summarize.method.autoExtractive')}
        </span>
      ) : null}
    </fieldset>
  );
}
