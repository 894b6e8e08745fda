/**
 * Ask: questions answered from the user's own documents. A knowledge base (FAQ CSV, Markdown,
 * text) is embedded once and kept on this device; a question retrieves the closest passages and
 * the QA model extracts the answer span, shown with its source. Or ask about a pasted text.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelShell } from '../../ui/PanelShell';
import { AnswerView } from './AnswerView';
import { startAskSync, useAsk, type AskMode } from './askStore';
import { ContextCard } from './ContextCard';
import { KnowledgeBaseCard } from './KnowledgeBaseCard';
import { QuestionCard } from './QuestionCard';
import '../../ui/content.css';

function ModeSwitch() {
  const { t } = useTranslation();
  const mode = useAsk((s) => s.mode);
  const setMode = useAsk((s) => s.setMode);
  const options: Array<[AskMode, string]> = [
    ['kb', t('ask.mode.kb')],
    ['context', t('ask.mode.context')],
  ];
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">{t('ask.mode.label')}</legend>
      {options.map(([value, label]) => (
        <label key={value} className={value === mode ? 'segment checked' : 'segment'}>
          <input type="radio" name="ask-mode" value={value} checked={value === mode} data-testid={`ask-mode-${value}`} onChange={() => setMode(value)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}

export function AskPanel() {
  const { t } = useTranslation();
  const init = useAsk((s) => s.init);
  const mode = useAsk((s) => s.mode);
  useEffect(() => {
    startAskSync();
    void init();
  }, [init]);
  return (
    <PanelShell name="ask" title={t('ask.title')} intro={t('ask.intro')}>
      <ModeSwitch />
      {mode === 'kb' ? <KnowledgeBaseCard /> : <ContextCard />}
      <QuestionCard />
      <AnswerView />
    </PanelShell>
  );
}
