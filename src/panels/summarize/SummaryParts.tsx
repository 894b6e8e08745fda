/**
 * The plan as it runs: every part of the input (level 0) with its token count, state and partial
 * summary, then each round of combining. Shown only when the input needed more than one part.
 */
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { StepStateChip } from './StepState';
import { useSummarize, type StepView } from './summarizeStore';

function PartRow({ step }: { step: StepView }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="summary-step" data-testid="summarize-part" data-state={step.state} data-index={step.index}>
      <div className="summary-step-head">
        <strong>{t('summarize.parts.part', { n: step.index + 1 })}</strong>
        <span className="muted">{t('summarize.parts.tokens', { tokens: formatNumber(step.tokens, i18n.language) })}</span>
        <StepStateChip state={step.state} />
      </div>
      {step.text ? <p className="summary-step-text">{step.text}</p> : null}
    </li>
  );
}

function CombineRow({ step }: { step: StepView }) {
  const { t } = useTranslation();
  return (
    <li className="summary-step" data-testid="summarize-combine" data-state={step.state} data-level={step.level}>
      <div className="summary-step-head">
        <strong>{t('summarize.parts.combine', { count: step.inputs })}</strong>
        <StepStateChip state={step.state} />
      </div>
      {step.text ? <p className="summary-step-text">{step.text}</p> : null}
    </li>
  );
}

export function SummaryParts() {
  const { t } = useTranslation();
  const steps = useSummarize((s) => s.steps);
  const extraSteps = useSummarize((s) => s.extraSteps);
  const parts = steps[0] ?? [];
  if (parts.length < 2) return null;
  return (
    <div className="card" data-testid="summarize-parts">
      <h2>{t('summarize.parts.title')}</h2>
      <p className="muted">{t('summarize.parts.intro')}</p>
      <ol className="summary-steps">
        {parts.map((step) => (
          <PartRow key={step.index} step={step} />
        ))}
      </ol>
      {steps.slice(1).map((level, i) => (
        <div key={i + 1}>
          <h3>{t('summarize.parts.round', { n: i + 1 })}</h3>
          <ol className="summary-steps">
            {level.map((step) => (
              <CombineRow key={step.index} step={step} />
            ))}
          </ol>
        </div>
      ))}
      {extraSteps > 0 ? <p className="muted">{t('summarize.parts.extra', { count: extraSteps })}</p> : null}
    </div>
  );
}
