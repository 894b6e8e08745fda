/**
 * Editing a template: name, type, the text with {{placeholders}}, and each placeholder's field
 * (label, kind, required, default). Fields follow the text as it is typed (syncVariables).
 */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { TEMPLATE_KINDS, VARIABLE_KINDS, type TemplateKind, type TemplateVariable, type VariableKind } from '../../content/templates';
import { templateKindLabels, variableKindLabels } from './templateLabels';
import { useWrite } from './writeStore';

function VariableRow({ variable, onChange }: { variable: TemplateVariable; onChange: (v: TemplateVariable) => void }) {
  const { t } = useTranslation();
  const kinds = variableKindLabels(t);
  return (
    <li className="variable-row" data-testid="write-editor-variable" data-name={variable.name}>
      <code>{`{{${variable.name}}}`}</code>
      <label className="field">
        <span className="hint">{t('write.editor.label')}</span>
        <input className="input" value={variable.label} onChange={(e) => onChange({ ...variable, label: e.target.value })} />
      </label>
      <label className="field">
        <span className="hint">{t('write.editor.fieldKind')}</span>
        <select className="select" value={variable.kind} onChange={(e) => onChange({ ...variable, kind: e.target.value as VariableKind })}>
          {VARIABLE_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kinds[kind]}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="hint">{t('write.editor.default')}</span>
        <input
          className="input"
          value={variable.default ?? ''}
          onChange={(e) => {
            const next = { ...variable };
            if (e.target.value === '') delete next.default;
            else next.default = e.target.value;
            onChange(next);
          }}
        />
      </label>
      <label className="checkbox">
        <input type="checkbox" checked={variable.required} onChange={(e) => onChange({ ...variable, required: e.target.checked })} />
        {t('write.editor.required')}
      </label>
    </li>
  );
}

export function TemplateEditor() {
  const { t } = useTranslation();
  const { editor, updateEditor, saveEditor, cancelEdit } = useWrite(
    useShallow((s) => ({ editor: s.editor, updateEditor: s.updateEditor, saveEditor: s.saveEditor, cancelEdit: s.cancelEdit })),
  );
  if (!editor) return null;
  const { template } = editor;
  const kinds = templateKindLabels(t);
  return (
    <div className="card editor" data-testid="write-editor">
      <h2>{editor.isNew ? t('write.editor.newTitle') : t('write.editor.title')}</h2>
      <div className="form-grid">
        <label className="field grow">
          <span className="field-label">{t('write.editor.name')}</span>
          <input
            className="input"
            data-testid="write-template-name"
            value={template.name}
            onChange={(e) => updateEditor({ ...template, name: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('write.editor.kind')}</span>
          <select className="select" value={template.kind} onChange={(e) => updateEditor({ ...template, kind: e.target.value as TemplateKind })}>
            {TEMPLATE_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {kinds[kind]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span className="field-label">{t('write.editor.body')}</span>
        <span className="hint">{t('write.editor.bodyHint', { example: '{{name}}' })}</span>
        <textarea
          className="textarea mono"
          data-testid="write-template-body"
          rows={8}
          value={template.body}
          spellCheck={false}
          onChange={(e) => updateEditor({ ...template, body: e.target.value })}
        />
      </label>
      {template.variables.length > 0 ? (
        <>
          <h3>{t('write.editor.variables')}</h3>
          <ul className="variable-list">
            {template.variables.map((variable) => (
              <VariableRow
                key={variable.name}
                variable={variable}
                onChange={(next) => updateEditor({ ...template, variables: template.variables.map((v) => (v.name === next.name ? next : v)) })}
              />
            ))}
          </ul>
        </>
      ) : null}
      {editor.isNew ? <p className="hint">{t('write.editor.copyNote')}</p> : null}
      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button ghost" data-testid="write-template-cancel" onClick={cancelEdit}>
            {t('write.editor.cancel')}
          </button>
          {!editor.isNew ? (
            <button type="button" className="button secondary" data-testid="write-template-save-new" onClick={() => void saveEditor(true)}>
              {t('write.editor.saveNew')}
            </button>
          ) : null}
          <button type="button" className="button primary" data-testid="write-template-save" onClick={() => void saveEditor(false)}>
            {t('write.editor.save')}
          </button>
        </div>
      </div>
    </div>
  );
}
