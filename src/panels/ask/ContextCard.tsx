/** Asking without a knowledge base: the answer is looked for in a pasted text. */
import { useTranslation } from 'react-i18next';
import { useAsk } from './askStore';

export function ContextCard() {
  const { t } = useTranslation();
  const context = useAsk((s) => s.context);
  const setContext = useAsk((s) => s.setContext);
  return (
    <div className="card">
      <label htmlFor="ask-context" className="field-label">
        {t('ask.context.label')}
      </label>
      <span className="hint">{t('ask.context.hint')}</span>
      <textarea
        id="ask-context"
        className="textarea"
        data-testid="ask-context"
        rows={8}
        value={context}
        placeholder={t('ask.context.placeholder')}
        onChange={(e) => setContext(e.target.value)}
      />
    </div>
  );
}
