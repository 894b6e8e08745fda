/**
 * Write: drafts from prompt templates (product descriptions, marketing copy, support replies,
 * press releases, release notes, or the user's own) with a causal LM, streamed token by token.
 */
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelShell } from '../../ui/PanelShell';
import { DraftHistory } from './DraftHistory';
import { DraftOutput } from './DraftOutput';
import { SettingsForm } from './SettingsForm';
import { TemplateBar } from './TemplateBar';
import { TemplateEditor } from './TemplateEditor';
import { VariableForm } from './VariableForm';
import { startWriteSync, useWrite } from './writeStore';
import '../../ui/content.css';

export function WritePanel() {
  const { t } = useTranslation();
  const init = useWrite((s) => s.init);
  const editing = useWrite((s) => s.editor !== null);
  useEffect(() => {
    startWriteSync();
    void init();
    useWrite.getState().prepareModel();
    return () => {
      // Coming back to the tab shows a clean form, not the complaints of an earlier try.
      useWrite.getState().clearValidation();
      useWrite.getState().stopPreparing();
    };
  }, [init]);

  return (
    <PanelShell name="write" title={t('write.title')} intro={t('write.intro')}>
      <div className="card">
        <TemplateBar />
      </div>
      {editing ? <TemplateEditor /> : null}
      <div className="card">
        <h2>{t('write.fields')}</h2>
        <VariableForm />
        <SettingsForm />
      </div>
      <DraftOutput />
      <DraftHistory />
    </PanelShell>
  );
}
