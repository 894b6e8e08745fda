/** Evaluate › Language model: perplexity of a pasted text under a causal LM (sliding window). */
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber, formatMetric, formatPerplexity } from '../../ui/format';
import { ModelSelect } from '../../ui/ModelSelect';
import { useModelChoices } from './models';
import { usePerplexityEval } from './perplexityStore';
import { RunProgress } from './RunProgress';
import { SectionStatusLine } from './SectionStatusLine';

function PerplexityResult() {
  const { t, i18n } = useTranslation();
  const result = usePerplexityEval((s) => s.result);
  if (!result) return null;
  const locale = i18n.language;
  return (
    <div className="eval-stats" data-testid="eval-ppl-result">
      <div className="eval-stat" data-testid="eval-ppl-value" data-value={result.perplexity}>
        <span className="eval-stat-label">{t('evaluate.perplexity.value', { model: result.model })}</span>
        <span className="eval-figure">{formatPerplexity(result.perplexity, locale)}</span>
      </div>
      <div className="eval-stat">
        <span className="eval-stat-label">{t('evaluate.perplexity.meanNll')}</span>
        <span className="eval-figure">{formatMetric(result.meanNll, locale)}</span>
        <span className="muted">{t('evaluate.perplexity.bits', { value: formatMetric(result.meanNll / Math.LN2, locale) })}</span>
      </div>
      <div className="eval-stat" data-testid="eval-ppl-tokens" data-tokens={result.tokens} data-windows={result.windows}>
        <span className="eval-stat-label">{t('evaluate.perplexity.tokens')}</span>
        <span className="eval-figure">{formatNumber(result.tokens, locale)}</span>
        <span className="muted">
          {t('evaluate.perplexity.windows', {
            scored: formatNumber(result.scoredTokens, locale),
            count: result.windows,
            seconds: formatMetric(result.seconds, locale, 1),
          })}
        </span>
      </div>
    </div>
  );
}

export function PerplexitySection() {
  const { t } = useTranslation();
  const s = usePerplexityEval();
  const choices = useModelChoices('generation');
  const running = s.status === 'running';
  return (
    <div className="card">
      <h2>{t('evaluate.perplexity.title')}</h2>
      <p className="muted">{t('evaluate.perplexity.intro')}</p>
      <label className="field-label" htmlFor="eval-ppl-input">
        {t('evaluate.perplexity.textLabel')}
      </label>
      <textarea
        id="eval-ppl-input"
        className="textarea"
        rows={8}
        value={s.text}
        data-testid="eval-ppl-input"
        placeholder={t('evaluate.perplexity.placeholder')}
        onChange={(e) => s.setText(e.target.value)}
      />
      <div className="form-grid">
        <ModelSelect
          label={t('evaluate.perplexity.model')}
          models={choices.ids}
          assigned={choices.assigned}
          value={s.model}
          testId="eval-ppl-model-select"
          disabled={running}
          onChange={s.setModel}
        />
        <div className="field">
          <label className="field-label" htmlFor="eval-ppl-stride">
            {t('evaluate.perplexity.stride')}
          </label>
          <input
            id="eval-ppl-stride"
            className="input"
            type="number"
            min={0}
            value={s.stride || ''}
            placeholder={t('evaluate.perplexity.strideDefault')}
            data-testid="eval-ppl-stride"
            onChange={(e) => s.setStride(Number(e.target.value))}
          />
        </div>
      </div>
      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="eval-ppl-run" disabled={running} onClick={s.run}>
            {running ? t('evaluate.running') : t('evaluate.perplexity.run')}
          </button>
          <button type="button" className="button secondary" data-testid="eval-ppl-cancel" disabled={!running} onClick={s.cancel}>
            {t('evaluate.cancel')}
          </button>
        </div>
      </div>
      {running ? (
        <RunProgress label={t('evaluate.perplexity.progress')} progress={s.progress} loadProgress={s.loadProgress} testId="eval-ppl-progress" />
      ) : null}
      <SectionStatusLine status={s.status} testId="eval-ppl-status" />
      {s.status === 'error' ? <ErrorMessage error={s.error} testId="eval-ppl-error" /> : null}
      <PerplexityResult />
    </div>
  );
}
