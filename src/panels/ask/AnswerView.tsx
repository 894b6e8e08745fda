/**
 * The answer with its confidence and its source passage (the span marked); or the passage that
 * matches the question so closely it answers it, when no span is confident; or "no answer found"
 * with the closest passages instead of a made-up answer. Moving the threshold re-decides from the
 * same model outputs without asking again.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerCandidate } from '../../content/answering';
import { formatPercent } from '../../ui/format';
import { decide, type RankedPassage } from './asking';
import { useAsk } from './askStore';
import { HighlightedText } from './HighlightedText';

function PassageMeta({ passage, mode }: { passage: RankedPassage; mode: 'kb' | 'context' }) {
  const { t, i18n } = useTranslation();
  const source = passage.source;
  const isLink = source !== undefined && /^https?:\/\//i.test(source);
  return (
    <p className="hint passage-meta">
      {passage.title ? <strong className="passage-title">{passage.title}</strong> : null}
      {passage.docId ? <span>{t('ask.answer.from', { doc: passage.docId.replace(/^paste:/, '') })}</span> : null}
      {mode === 'kb' ? <span>{t('ask.answer.similarity', { value: formatPercent(passage.score, i18n.language) })}</span> : null}
      {source ? (
        isLink ? (
          <a href={source} target="_blank" rel="noreferrer noopener">
            {t('ask.answer.sourceLink')}
          </a>
        ) : (
          <span>{source}</span>
        )
      ) : null}
    </p>
  );
}

/** The passage an answer comes from, its span (if any) marked. */
function SourcePassage({ passage, mode, span }: { passage: RankedPassage; mode: 'kb' | 'context'; span?: AnswerCandidate }) {
  return (
    <blockquote className="passage" data-testid="ask-source" data-passage-id={passage.id}>
      <PassageMeta passage={passage} mode={mode} />
      <p className="passage-text">{span ? <HighlightedText text={passage.text} start={span.start} end={span.end} /> : passage.text}</p>
    </blockquote>
  );
}

function Confidence({ candidate }: { candidate: AnswerCandidate }) {
  const { t, i18n } = useTranslation();
  return (
    <span className="confidence" data-testid="ask-confidence" data-score={candidate.score}>
      {t('ask.answer.confidence', { value: formatPercent(candidate.score, i18n.language) })}
    </span>
  );
}

export function AnswerView() {
  const { t, i18n } = useTranslation();
  const result = useAsk((s) => s.result);
  const threshold = useAsk((s) => s.threshold);
  const pick = useMemo(() => (result ? decide(result, threshold).pick : null), [result, threshold]);
  if (!result || !pick) return null;

  if (pick.kind === 'answer') {
    return (
      <div className="card answer" data-testid="ask-result" data-kind="answer">
        <h2>{t('ask.answer.title')}</h2>
        <p className="answer-text" data-testid="ask-answer">
          {pick.best.answer}
        </p>
        <Confidence candidate={pick.best} />
        <h3>{t('ask.answer.source')}</h3>
        <SourcePassage passage={pick.source} mode={result.mode} span={pick.best} />
      </div>
    );
  }

  if (pick.kind === 'passage') {
    const guess = pick.bestGuess;
    return (
      <div className="card answer" data-testid="ask-result" data-kind="passage">
        <h2>{t('ask.answer.title')}</h2>
        <p className="answer-text" data-testid="ask-passage-answer">
          {t('ask.answer.passage', { similarity: formatPercent(pick.source.score, i18n.language) })}
        </p>
        <SourcePassage passage={pick.source} mode={result.mode} span={guess} />
        {guess ? (
          <p className="hint" data-testid="ask-best-guess">
            {t('ask.answer.weakSpan', { answer: guess.answer })} <Confidence candidate={guess} />
          </p>
        ) : null}
      </div>
    );
  }

  const guess = pick.bestGuess;
  const guessPassage = guess ? result.ranked.find((p) => p.id === guess.passageId) : undefined;
  return (
    <div className="card answer" data-testid="ask-result" data-kind="no-answer">
      <h2>{t('ask.answer.title')}</h2>
      <p className="answer-text" data-testid="ask-no-answer">
        {t('ask.answer.none', { threshold: formatPercent(threshold, i18n.language) })}
      </p>
      {guess ? (
        <details className="best-guess" data-testid="ask-best-guess">
          <summary>
            {t('ask.answer.bestGuess', { answer: guess.answer })} <Confidence candidate={guess} />
          </summary>
          {guessPassage ? (
            <p className="passage-text">
              <HighlightedText text={guessPassage.text} start={guess.start} end={guess.end} />
            </p>
          ) : null}
        </details>
      ) : null}
      <h3>{result.mode === 'kb' ? t('ask.answer.closest') : t('ask.answer.closestContext')}</h3>
      <ol className="passages" data-testid="ask-closest">
        {pick.closest.map((passage) => (
          <li key={passage.id} className="passage" data-testid="ask-closest-passage" data-passage-id={passage.id}>
            <PassageMeta passage={passage} mode={result.mode} />
            <p className="passage-text">{passage.text}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
