/**
 * The plan as it runs: every part of the input (level 0) with its token count, state and partial
 * summary, then each round of combining. Shown only when the input needed more than one part.
 *
 * A long input has a thousand parts or more: rendering them all (and again for every streamed
 * token) blocks the page for seconds. Each level is shown a page at a time, following the step
 * that runs unless the user turned the page, and rows re-render only when their own step changes.
 */
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../ui/format';
import { StepStateChip } from './StepState';
import { useSummarize, type StepView } from './summarizeStore';

/** Rows per page of a level. */
export const PARTS_PAGE = 40;

const PartRow = memo(function PartRow({ step }: { step: StepView }) {
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
});

const CombineRow = memo(function CombineRow({ step }: { step: StepView }) {
  const { t } = useTranslation();
  return (
    <li className="summary-step" data-testid="summarize-combine" data-state={step.state} data-level={step.level} data-index={step.index}>
      <div className="summary-step-head">
        <strong>{t('summarize.parts.combine', { count: step.inputs })}</strong>
        <StepStateChip state={step.state} />
      </div>
      {step.text ? <p className="summary-step-text">{step.text}</p> : null}
    </li>
  );
});

function followedPage(steps: readonly StepView[]): number {
  let at = steps.findIndex((step) => step.state === 'running');
  if (at < 0) at = steps.findIndex((step) => step.state === 'pending');
  return at < 0 ? 0 : Math.floor(at / PARTS_PAGE);
}

function PagedSteps({ steps, level }: { steps: readonly StepView[]; level: number }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  // A round of combining that has not started is one line, not a page of "Waiting" rows.
  const waiting = level > 0 && steps.every((step) => step.state === 'pending');
  // null: follow the running step.
  const [chosen, setChosen] = useState<number | null>(null);
  const pages = Math.max(1, Math.ceil(steps.length / PARTS_PAGE));
  const page = Math.min(pages - 1, chosen ?? followedPage(steps));
  const first = page * PARTS_PAGE;
  const shown = steps.slice(first, first + PARTS_PAGE);
  const Row = level === 0 ? PartRow : CombineRow;
  if (waiting) {
    return (
      <p className="muted" data-testid={`summarize-level-waiting-${level}`}>
        {t('summarize.parts.waiting', { count: steps.length })}
      </p>
    );
  }
  return (
    <>
      {pages > 1 ? (
        <div className="toolbar summary-pager" data-testid={`summarize-pager-${level}`} data-page={page} data-pages={pages}>
          <button type="button" className="button secondary" disabled={page === 0} onClick={() => setChosen(page - 1)}>
            {t('summarize.parts.previous')}
          </button>
          <span className="muted">
            {t('summarize.parts.range', {
              from: formatNumber(first + 1, locale),
              to: formatNumber(first + shown.length, locale),
              total: formatNumber(steps.length, locale),
            })}
          </span>
          <button type="button" className="button secondary" disabled={page >= pages - 1} onClick={() => setChosen(page + 1)}>
            {t('summarize.parts.next')}
          </button>
          {chosen !== null ? (
            <button type="button" className="button secondary" onClick={() => setChosen(null)}>
              {t('summarize.parts.follow')}
            </button>
          ) : null}
        </div>
      ) : null}
      <ol className="summary-steps" start={first + 1}>
        {shown.map((step) => (
          <Row key={step.index} step={step} />
        ))}
      </ol>
    </>
  );
}

export function SummaryParts() {
  const { t } = useTranslation();
  const steps = useSummarize((s) => s.steps);
  const extraSteps = useSummarize((s) => s.extraSteps);
  const parts = steps[0] ?? [];
  if (parts.length < 2) return null;
  return (
    <div className="card" data-testid="summarize-parts" data-count={parts.length}>
      <h2>{t('summarize.parts.title')}</h2>
      <p className="muted">{t('summarize.parts.intro')}</p>
      <PagedSteps steps={parts} level={0} />
      {steps.slice(1).map((level, i) => (
        <div key={i + 1}>
          <h3>{t('summarize.parts.round', { n: i + 1 })}</h3>
          <PagedSteps steps={level} level={i + 1} />
        </div>
      ))}
      {extraSteps > 0 ? <p className="muted">{t('summarize.parts.extra', { count: extraSteps })}</p> : null}
    </div>
  );
}
