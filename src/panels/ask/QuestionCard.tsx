/** The question, the confidence threshold, Ask / Stop and what is happening. */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useRouteChoice } from '../../state/modelChoices';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { LanguageRouteNotice } from '../../ui/LanguageRouteNotice';
import { revealWhenShown } from '../../ui/reveal';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { formatNumber, formatPercent } from '../../ui/format';
import { StatusLine } from '../../ui/StatusLine';
import { ASK_SCOPE, passageTexts, readerMix, useAsk, type JobStatus } from './askStore';

function AskStatusLine() {
  const { t, i18n } = useTranslation();
  const { askStatus, askPhase, askProgress } = useAsk(useShallow((s) => ({ askStatus: s.askStatus, askPhase: s.askPhase, askProgress: s.askProgress })));
  const locale = i18n.language;
  const running =
    askPhase === 'embedding'
      ? t('ask.status.searching')
      : askProgress
        ? t('ask.status.reading', { done: formatNumber(askProgress.done, locale), total: formatNumber(askProgress.total, locale) })
        : t('ask.status.starting');
  const text: Record<JobStatus, string> = {
    idle: t('ask.status.idle'),
    running,
    done: t('ask.status.done'),
    cancelled: t('ask.status.cancelled'),
    error: t('ask.status.error'),
  };
  return (
    <StatusLine status={askStatus} testId="ask-status">
      {text[askStatus]}
    </StatusLine>
  );
}

export function QuestionCard() {
  const { t, i18n } = useTranslation();
  const {
    mode,
    question,
    threshold,
    askStatus,
    askLoadProgress,
    askError,
    passageCount,
    context,
    index,
    importing,
    setQuestion,
    setThreshold,
    ask,
    cancelAsk,
  } = useAsk(
    useShallow((s) => ({
      mode: s.mode,
      question: s.question,
      threshold: s.threshold,
      askStatus: s.askStatus,
      askLoadProgress: s.askLoadProgress,
      askError: s.askError,
      passageCount: s.passageCount,
      context: s.context,
      index: s.index,
      // Not the import's progress: this card only needs to know one is running.
      importing: s.job?.status === 'running',
      setQuestion: s.setQuestion,
      setThreshold: s.setThreshold,
      ask: s.ask,
      cancelAsk: s.cancelAsk,
    })),
  );
  const running = askStatus === 'running';
  // Said before asking: whether the reading model covers the question's and the passages' languages.
  const mix = useMemo(() => readerMix(question, mode === 'kb' ? passageTexts(index) : [context]), [question, mode, index, context]);
  const readerRouting = useRouteChoice('question-answering', mix, ASK_SCOPE);
  const ready = mode === 'kb' ? passageCount > 0 && !importing : context.trim() !== '';
  return (
    <div className="card">
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          revealWhenShown('ask-answer');
          ask();
        }}
      >
        <label className="field grow">
          <span className="field-label">{t('ask.question.label')}</span>
          <input
            className="input"
            data-testid="ask-question"
            value={question}
            placeholder={mode === 'kb' ? t('ask.question.placeholderKb') : t('ask.question.placeholderContext')}
            onChange={(e) => setQuestion(e.target.value)}
          />
        </label>
        <div className="field field-button">
          <button type="submit" className="button primary" data-testid="ask-submit" disabled={running || !ready || question.trim() === ''}>
            {running ? t('ask.question.asking') : t('ask.question.ask')}
          </button>
        </div>
        <div className="field field-button">
          <button type="button" className="button secondary" data-testid="ask-stop" disabled={!running} onClick={cancelAsk}>
            {t('ask.question.stop')}
          </button>
        </div>
      </form>
      <label className="field threshold">
        <span className="field-label">
          {t('ask.threshold.label')} <output data-testid="ask-threshold-value">{formatPercent(threshold, i18n.language)}</output>
        </span>
        <input type="range" min={0} max={1} step={0.05} value={threshold} data-testid="ask-threshold" onChange={(e) => setThreshold(Number(e.target.value))} />
        <span className="hint">{t('ask.threshold.hint')}</span>
      </label>
      {!ready && mode === 'kb' && passageCount === 0 ? <p className="hint">{t('ask.question.needKb')}</p> : null}
      {question.trim() !== '' ? <LanguageRouteNotice task="question-answering" mix={mix} {...readerRouting} testIdPrefix="ask" disabled={running} /> : null}
      {running && askLoadProgress ? <ModelLoadProgress progress={askLoadProgress} testId="ask-load-progress" /> : null}
      <AskStatusLine />
      {askStatus === 'error' ? <ErrorMessage error={askError} testId="ask-error" /> : null}
    </div>
  );
}
