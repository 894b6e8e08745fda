/** A step's state as a translated chip; data-state carries the raw value for tests and styling. */
import { useTranslation } from 'react-i18next';
import type { StepState } from './summaryJob';

export function StepStateChip({ state }: { state: StepState }) {
  const { t } = useTranslation();
  // Literal keys, one per state, so the i18n check sees every one.
  const labels: Record<StepState, string> = {
    pending: t('summarize.state.pending'),
    running: t('summarize.state.running'),
    done: t('summarize.state.done'),
    cancelled: t('summarize.state.cancelled'),
    error: t('summarize.state.error'),
  };
  return <span className={`step-chip step-${state}`}>{labels[state]}</span>;
}
