/** A step's state as a translated chip; data-state carries the raw value for tests and styling. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { StepState } from './summaryJob';

// Literal keys, one per state, so the i18n check sees every one; only the shown one is translated.
function label(t: TFunction, state: StepState): string {
  switch (state) {
    case 'pending':
      return t('summarize.state.pending');
    case 'running':
      return t('summarize.state.running');
    case 'done':
      return t('summarize.state.done');
    case 'cancelled':
      return t('summarize.state.cancelled');
    case 'error':
      return t('summarize.state.error');
  }
}

export function StepStateChip({ state }: { state: StepState }) {
  const { t } = useTranslation();
  return <span className={`step-chip step-${state}`}>{label(t, state)}</span>;
}
