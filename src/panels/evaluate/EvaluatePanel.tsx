/**
 * Evaluate: how good is a model on the user's own data? Classification (accuracy, P/R/F1,
 * confusion matrix, side by side), summarization (ROUGE, BLEU) and language models (perplexity),
 * all computed in the browser.
 */
import { useTranslation } from 'react-i18next';
import { create } from 'zustand';
import { ClassificationSection } from './ClassificationSection';
import { PerplexitySection } from './PerplexitySection';
import { SummarizationSection } from './SummarizationSection';
import '../../ui/metrics.css';
import { PanelShell } from '../../ui/PanelShell';

const SECTIONS = ['classification', 'summarization', 'perplexity'] as const;
type Section = (typeof SECTIONS)[number];

/** The open section survives switching apps, like the sections' own state. */
const useSection = create<{ section: Section; open(section: Section): void }>()((set) => ({
  section: 'classification',
  open: (section) => set({ section }),
}));

function SectionName({ section }: { section: Section }) {
  const { t } = useTranslation();
  switch (section) {
    case 'classification':
      return <>{t('evaluate.sections.classification')}</>;
    case 'summarization':
      return <>{t('evaluate.sections.summarization')}</>;
    case 'perplexity':
      return <>{t('evaluate.sections.perplexity')}</>;
  }
}

export function EvaluatePanel() {
  const { t } = useTranslation();
  const { section, open } = useSection();
  return (
    <PanelShell name="evaluate" title={t('evaluate.title')} intro={t('evaluate.intro')}>
      <div className="eval-sections" role="tablist" aria-label={t('evaluate.sections.label')}>
        {SECTIONS.map((s) => (
          <button
            key={s}
            type="button"
            role="tab"
            aria-selected={s === section}
            className={s === section ? 'button primary' : 'button secondary'}
            data-testid={`eval-section-${s}`}
            onClick={() => open(s)}
          >
            <SectionName section={s} />
          </button>
        ))}
      </div>
      <div role="tabpanel" className="panel">
        {section === 'classification' ? <ClassificationSection /> : section === 'summarization' ? <SummarizationSection /> : <PerplexitySection />}
      </div>
    </PanelShell>
  );
}
