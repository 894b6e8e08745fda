/**
 * How long the input is in the model's tokens, against its window, so a long text is never cut
 * without the user knowing. Before a run: an estimate, or the exact count once the model is
 * loaded (counting would otherwise download the model just because the user typed). After a
 * run started: the worker's exact figures and the number of parts.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { workbench } from '../../services/workbench';
import { estimateTokensSampled } from '../../content/chunking';
import { formatNumber } from '../../ui/format';
import { useTaskModel } from '../../state/assignment';
import { useSummarize } from './summarizeStore';

const DEBOUNCE_MS = 400;

function useExactCount(text: string, enabled: boolean): { tokens: number; window: number } | null {
  const [count, setCount] = useState<{ text: string; tokens: number; window: number } | null>(null);
  useEffect(() => {
    if (!enabled || text.trim() === '') return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      workbench.countTokens([text], { task: 'summarization', signal: controller.signal }).then(
        (result) => setCount({ text, tokens: result.counts[0] ?? 0, window: result.maxInputTokens }),
        () => undefined, // the estimate stays; the run reports real errors
      );
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, enabled]);
  return count && count.text === text ? count : null;
}

/**
 * The run's figures: tokens, window, and in how many parts. One part has a key of its own, not a
 * plural form: Chinese has no singular, so i18next would show it "split into 1 part".
 */
export function measuredText(t: TFunction, parts: number, measure: { inputTokens: number; window: number }, locale: string): string {
  const figures = { tokens: formatNumber(measure.inputTokens, locale), window: formatNumber(measure.window, locale) };
  return parts === 1 ? t('summarize.tokens.onePass', figures) : t('summarize.tokens.inParts', { ...figures, count: parts });
}

export function TokenInfo() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const input = useSummarize((s) => s.input);
  const measure = useSummarize((s) => s.measure);
  const parts = useSummarize((s) => s.steps[0]?.length ?? 0);
  const status = useSummarize((s) => s.status);
  const { loaded } = useTaskModel('summarization');
  const exact = useExactCount(input, loaded && status !== 'running');
  const estimate = useMemo(() => estimateTokensSampled(input), [input]);

  let text: string;
  let over = false;
  if (measure && measure.text === input && parts > 0) {
    text = measuredText(t, parts, measure, locale);
    over = parts > 1;
  } else if (exact) {
    over = exact.tokens > exact.window;
    text = `${t('summarize.tokens.exact', { tokens: formatNumber(exact.tokens, locale), window: formatNumber(exact.window, locale) })} · ${
      over ? t('summarize.tokens.willSplit') : t('summarize.tokens.fits')
    }`;
  } else {
    text = t('summarize.tokens.estimate', { tokens: formatNumber(estimate, locale) });
  }
  if (input.trim() === '') return null;
  return (
    <p className={over ? 'muted warn-text' : 'muted'} data-testid="summarize-token-info" data-over-window={over ? 'true' : 'false'}>
      {text}
    </p>
  );
}
