/**
 * The app builder, a form and no code: the app's name, description, icon, colour and languages;
 * its inputs; its steps (added, moved up and down, configured with the options the format has,
 * a model picked where the step runs one, removed); its outputs; "Try it" on the inputs' samples
 * with each step's value; Save, which validates with the same validator as an imported file and
 * shows a refusal beside the field it names.
 */
import type { TFunction } from 'i18next';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  INPUT_KINDS,
  OUTPUT_KINDS,
  STEP_OPS,
  localized,
  type AppDefinition,
  type AppInput,
  type AppOutput,
  type AppStep,
  type LocalizedString,
  type StepOp,
} from '../../apps';
import { uiLanguageOf, type Task } from '../../core';
import { useCustomClassifiers } from '../../services/customClassifiers';
import { workbench } from '../../services/workbench';
import { useAssignment } from '../../state/assignment';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelSelect } from '../../ui/ModelSelect';
import { StatusLine } from '../../ui/StatusLine';
import { useApps, type DraftProblem } from './appsStore';
import { withOption, wordList, type ProblemTarget } from './draft';
import { opLabel } from './opLabels';
import { StepProgress, StepValues } from './Outputs';
import { statusText } from './RunView';

const STEP_TASK: Partial<Record<StepOp, Task>> = {
  classify: 'sentiment',
  themes: 'embeddings',
  summarize: 'summarization',
  generate: 'generation',
  answer: 'question-answering',
};

function problemIn(problem: DraftProblem | null, area: ProblemTarget['area'], index?: number): DraftProblem | null {
  if (!problem || problem.target.area !== area) return null;
  if (area !== 'app' && (problem.target as { index: number }).index !== index) return null;
  return problem;
}

function Problem({ problem }: { problem: DraftProblem | null }) {
  const { t } = useTranslation();
  return problem ? <ErrorMessage error={problem.error} lead={t('apps.builder.notSaved')} testId="apps-b-problem" /> : null;
}

/** One of the builder's lists (inputs, steps, outputs): its items, what is wrong with it as a whole, and how to add one. */
function ListSection({
  id,
  title,
  problem = null,
  items,
  add,
}: {
  id: string;
  title: string;
  problem?: DraftProblem | null;
  items: ReactNode;
  add: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      <ol className="apps-b-list">{items}</ol>
      <Problem problem={problem} />
      <div className="toolbar">{add}</div>
    </section>
  );
}

/** "Add" with the kind of thing to add chosen beside it (an input's kind, a step's operation). */
function AddOfKind<T extends string>(props: {
  kindLabel: string;
  kind: T;
  kinds: ReadonlyArray<readonly [T, string]>;
  kindTestId: string;
  onKind(kind: T): void;
  addLabel: string;
  testId: string;
  onAdd(): void;
}) {
  return (
    <>
      <Select<T> label={props.kindLabel} value={props.kind} options={props.kinds} testId={props.kindTestId} onChange={props.onKind} />
      <button type="button" className="button secondary" data-testid={props.testId} onClick={props.onAdd}>
        {props.addLabel}
      </button>
    </>
  );
}

/** A labelled text input. */
function TextField(props: { label: string; value: string; testId: string; invalid?: boolean; onChange(value: string): void; maxLength?: number }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="input"
        type="text"
        value={props.value}
        maxLength={props.maxLength}
        aria-invalid={props.invalid ? 'true' : undefined}
        data-testid={props.testId}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

/**
 * A comma-separated list, kept as typed while it is edited (so "a," is not cut back to "a"); the
 * app's own value wins when it changes from elsewhere (a step moved up or down).
 */
function ListField(props: { label: string; value: readonly string[] | undefined; testId: string; invalid?: boolean; onChange(value: string[]): void }) {
  const external = (props.value ?? []).join(', ');
  const [text, setText] = useState(external);
  return (
    <TextField
      label={props.label}
      value={wordList(text).join(', ') === external ? text : external}
      testId={props.testId}
      invalid={props.invalid}
      onChange={(value) => {
        setText(value);
        props.onChange(wordList(value));
      }}
    />
  );
}

function parseNumber(text: string): number | undefined {
  const value = text.trim() === '' ? undefined : Number(text);
  return value === undefined || Number.isNaN(value) ? undefined : value;
}

/** A number that may be left empty (the format's default then applies); kept as typed like ListField. */
function NumberField(props: {
  label: string;
  value: number | undefined;
  testId: string;
  min: number;
  max: number;
  step?: number;
  invalid?: boolean;
  onChange(value: number | undefined): void;
}) {
  const id = useId();
  const [text, setText] = useState(props.value === undefined ? '' : String(props.value));
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <input
        id={id}
        className="input"
        type="number"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={parseNumber(text) === props.value ? text : props.value === undefined ? '' : String(props.value)}
        aria-invalid={props.invalid ? 'true' : undefined}
        data-testid={props.testId}
        onChange={(event) => {
          setText(event.target.value);
          props.onChange(parseNumber(event.target.value));
        }}
      />
    </div>
  );
}

function Select<T extends string>(props: {
  label: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  testId: string;
  invalid?: boolean;
  onChange(value: T): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {props.label}
      </label>
      <select
        id={id}
        className="select"
        value={props.value}
        aria-invalid={props.invalid ? 'true' : undefined}
        data-testid={props.testId}
        onChange={(event) => {
          const picked = props.options.find(([value]) => value === event.target.value);
          if (picked) props.onChange(picked[0]);
        }}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A localized text edited in one language, the other kept. */
function withLanguage(text: LocalizedString | undefined, language: 'en' | 'zh-CN', value: string): LocalizedString {
  const copy: LocalizedString = { ...(text ?? {}) };
  if (value === '') delete copy[language];
  else copy[language] = value;
  return copy;
}

/** Ids a step may read: the inputs and the steps before it (the current value too, if it is neither). */
function sources(app: AppDefinition, before: number, current: string | undefined): Array<[string, string]> {
  const ids = [...app.inputs.map((input) => input.id), ...app.steps.slice(0, before).map((step) => step.id)];
  if (current !== undefined && !ids.includes(current)) ids.push(current);
  return ids.map((id) => [id, id]);
}

function Entry(props: {
  title: string;
  testId: string;
  index: number;
  count: number;
  name: string;
  children: ReactNode;
  problem: DraftProblem | null;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
  extra?: Record<string, string>;
}) {
  const { t } = useTranslation();
  return (
    <li className="apps-b-entry" data-testid={props.testId} data-index={props.index} data-invalid={props.problem ? 'true' : undefined} {...props.extra}>
      <div className="apps-b-entry-head">
        <h4>{props.title}</h4>
        <div className="apps-b-entry-actions">
          <button
            type="button"
            className="button ghost"
            data-testid={`${props.testId}-up`}
            disabled={props.index === 0}
            aria-label={t('apps.builder.moveUp', { name: props.name })}
            onClick={() => props.onMove(-1)}
          >
            ↑
          </button>
          <button
            type="button"
            className="button ghost"
            data-testid={`${props.testId}-down`}
            disabled={props.index === props.count - 1}
            aria-label={t('apps.builder.moveDown', { name: props.name })}
            onClick={() => props.onMove(1)}
          >
            ↓
          </button>
          <button
            type="button"
            className="button danger"
            data-testid={`${props.testId}-remove`}
            aria-label={t('apps.builder.removeNamed', { name: props.name })}
            onClick={props.onRemove}
          >
            {t('apps.builder.remove')}
          </button>
        </div>
      </div>
      {props.children}
      <Problem problem={props.problem} />
    </li>
  );
}

function About({ app, problem }: { app: AppDefinition; problem: DraftProblem | null }) {
  const { t } = useTranslation();
  const setMeta = useApps((s) => s.setMeta);
  const field = problem?.target.field;
  const colorId = useId();
  const toggleLanguage = (language: 'en' | 'zh-CN', on: boolean) => {
    const languages = (['en', 'zh-CN'] as const).filter((entry) => (entry === language ? on : (app.languages ?? []).includes(entry)));
    setMeta({ languages });
  };
  return (
    <section className="card" aria-labelledby="apps-b-about">
      <h3 id="apps-b-about">{t('apps.builder.about')}</h3>
      <div className="form-grid">
        <TextField
          label={t('apps.builder.nameEn')}
          value={app.name.en ?? ''}
          testId="apps-b-name-en"
          invalid={field === 'name'}
          onChange={(v) => setMeta({ name: withLanguage(app.name, 'en', v) })}
        />
        <TextField
          label={t('apps.builder.nameZh')}
          value={app.name['zh-CN'] ?? ''}
          testId="apps-b-name-zh"
          invalid={field === 'name'}
          onChange={(v) => setMeta({ name: withLanguage(app.name, 'zh-CN', v) })}
        />
        <TextField label={t('apps.builder.id')} value={app.id} testId="apps-b-id" invalid={field === 'id'} onChange={(id) => setMeta({ id })} />
        <TextField
          label={t('apps.builder.icon')}
          value={app.icon ?? ''}
          testId="apps-b-icon"
          invalid={field === 'icon'}
          onChange={(icon) => setMeta({ icon: icon === '' ? undefined : icon })}
        />
        <div className="field">
          <label className="field-label" htmlFor={colorId}>
            {t('apps.builder.color')}
          </label>
          <input
            id={colorId}
            className="input apps-color"
            type="color"
            value={app.color ?? '#6d28d9'}
            data-testid="apps-b-color"
            onChange={(event) => setMeta({ color: event.target.value })}
          />
        </div>
        <fieldset className="field apps-fieldset">
          <legend className="field-label">{t('apps.builder.languages')}</legend>
          {(['en', 'zh-CN'] as const).map((language) => (
            <label key={language} className="apps-check">
              <input
                type="checkbox"
                checked={(app.languages ?? []).includes(language)}
                data-testid={`apps-b-lang-${language}`}
                onChange={(event) => toggleLanguage(language, event.target.checked)}
              />
              {language === 'en' ? t('apps.builder.english') : t('apps.builder.chinese')}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="form-grid">
        <TextField
          label={t('apps.builder.descriptionEn')}
          value={app.description?.en ?? ''}
          testId="apps-b-desc-en"
          invalid={field === 'description'}
          onChange={(v) => setMeta({ description: withLanguage(app.description, 'en', v) })}
        />
        <TextField
          label={t('apps.builder.descriptionZh')}
          value={app.description?.['zh-CN'] ?? ''}
          testId="apps-b-desc-zh"
          invalid={field === 'description'}
          onChange={(v) => setMeta({ description: withLanguage(app.description, 'zh-CN', v) })}
        />
      </div>
      <Problem problem={problem} />
    </section>
  );
}

function inputKindLabel(t: TFunction, kind: AppInput['kind']): string {
  switch (kind) {
    case 'text':
      return t('apps.kinds.text');
    case 'list':
      return t('apps.kinds.list');
    case 'column':
      return t('apps.kinds.column');
    case 'file':
      return t('apps.kinds.file');
    case 'fields':
      return t('apps.kinds.fields');
  }
}

function outputKindLabel(t: TFunction, kind: AppOutput['kind']): string {
  switch (kind) {
    case 'table':
      return t('apps.outputs.table');
    case 'text':
      return t('apps.outputs.text');
    case 'chart':
      return t('apps.outputs.chart');
    case 'csv':
      return t('apps.outputs.csv');
    case 'markdown':
      return t('apps.outputs.markdown');
  }
}

function InputEditor({ app, input, index, problem }: { app: AppDefinition; input: AppInput; index: number; problem: DraftProblem | null }) {
  const { t, i18n } = useTranslation();
  const { updateInput, moveInput, removeInput } = useApps.getState();
  const language = uiLanguageOf(i18n.language);
  const field = problem?.target.field;
  const sampleId = useId();
  const update = (change: Partial<AppInput>) => updateInput(index, { ...input, ...change });
  const sample = input.sample === undefined ? '' : typeof input.sample === 'string' ? input.sample : input.sample.join('\n');
  return (
    <Entry
      title={t('apps.builder.inputTitle', { index: index + 1, kind: inputKindLabel(t, input.kind) })}
      name={input.id}
      testId="apps-b-input"
      index={index}
      count={app.inputs.length}
      problem={problem}
      onMove={(delta) => moveInput(index, delta)}
      onRemove={() => removeInput(index)}
    >
      <div className="form-grid">
        <TextField label={t('apps.builder.id')} value={input.id} testId="apps-b-input-id" invalid={field === 'id'} onChange={(id) => update({ id })} />
        <Select
          label={t('apps.builder.inputKind')}
          value={input.kind}
          options={INPUT_KINDS.map((kind) => [kind, inputKindLabel(t, kind)])}
          testId="apps-b-input-kind"
          onChange={(kind) => {
            const next: AppInput = { id: input.id, kind, label: input.label, ...(input.required === undefined ? {} : { required: input.required }) };
            if (kind === 'fields') next.fields = input.fields ?? [{ id: 'product', label: { en: 'product' } }];
            updateInput(index, next);
          }}
        />
        <TextField
          label={t('apps.builder.label')}
          value={input.label[language] ?? localized(input.label, language)}
          testId="apps-b-input-label"
          invalid={field === 'label'}
          onChange={(v) => update({ label: withLanguage(input.label, language, v) })}
        />
        <label className="apps-check">
          <input
            type="checkbox"
            checked={input.required ?? false}
            data-testid="apps-b-input-required"
            onChange={(event) => update({ required: event.target.checked })}
          />
          {t('apps.builder.required')}
        </label>
      </div>
      {input.kind === 'fields' ? (
        <ListField
          label={t('apps.builder.fieldNames')}
          value={(input.fields ?? []).map((entry) => entry.id)}
          testId="apps-b-input-fields"
          invalid={field === 'fields'}
          onChange={(ids) => update({ fields: ids.map((id) => ({ id, label: { en: id } })) })}
        />
      ) : null}
      <div className="field">
        <label className="field-label" htmlFor={sampleId}>
          {input.kind === 'fields' ? t('apps.builder.sampleFields') : t('apps.builder.sample')}
        </label>
        <textarea
          id={sampleId}
          className="textarea"
          rows={3}
          value={sample}
          aria-invalid={field === 'sample' ? 'true' : undefined}
          data-testid="apps-b-input-sample"
          onChange={(event) => {
            const value = event.target.value;
            const next = { ...input };
            if (value === '') delete next.sample;
            else next.sample = input.kind === 'list' || input.kind === 'column' ? value.split(/\r?\n/) : value;
            updateInput(index, next);
          }}
        />
      </div>
    </Entry>
  );
}

function StepModel({ step, onChange }: { step: AppStep; onChange(step: AppStep): void }) {
  const { t } = useTranslation();
  const assignment = useAssignment();
  const { classifiers } = useCustomClassifiers();
  const task = STEP_TASK[step.op];
  const models = useMemo(() => (task ? workbench.models.list().filter((model) => model.task === task) : []).map((model) => model.id), [task]);
  if (!task) return null;
  return (
    <ModelSelect
      label={t('apps.builder.model')}
      models={models}
      assigned={assignment[task]}
      custom={step.op === 'classify' ? classifiers : []}
      value={step.model ?? ''}
      testId="apps-b-step-model"
      onChange={(model) => onChange(withOption(step, 'model', model))}
    />
  );
}

function StepEditor({ app, step, index, problem }: { app: AppDefinition; step: AppStep; index: number; problem: DraftProblem | null }) {
  const { t, i18n } = useTranslation();
  const { updateStep, moveStep, removeStep } = useApps.getState();
  const language = uiLanguageOf(i18n.language);
  const field = problem?.target.field;
  const templateId = useId();
  const change = (next: AppStep) => updateStep(index, next);
  const set = (key: string, value: unknown) => change(withOption(step, key, value));
  const from = 'from' in step ? step.from : undefined;
  return (
    <Entry
      title={t('apps.builder.stepTitle', { index: index + 1, op: opLabel(t, step.op) })}
      name={step.id}
      testId="apps-b-step"
      index={index}
      count={app.steps.length}
      problem={problem}
      extra={{ 'data-op': step.op, 'data-step': step.id }}
      onMove={(delta) => moveStep(index, delta)}
      onRemove={() => removeStep(index)}
    >
      <div className="form-grid">
        <TextField label={t('apps.builder.id')} value={step.id} testId="apps-b-step-id" invalid={field === 'id'} onChange={(id) => change({ ...step, id })} />
        <TextField
          label={t('apps.builder.stepLabel')}
          value={step.label?.[language] ?? ''}
          testId="apps-b-step-label"
          invalid={field === 'label'}
          onChange={(v) => {
            const label = withLanguage(step.label, language, v);
            set('label', label.en === undefined && label['zh-CN'] === undefined ? undefined : label);
          }}
        />
        {from !== undefined ? (
          <Select
            label={t('apps.builder.from')}
            value={from}
            options={sources(app, index, from)}
            testId="apps-b-step-from"
            invalid={field === 'from'}
            onChange={(v) => set('from', v)}
          />
        ) : null}
        {step.op === 'generate' ? (
          <Select
            label={t('apps.builder.forEach')}
            value={step.forEach ?? ''}
            options={[['', t('apps.builder.forEachNone')], ...sources(app, index, step.forEach)]}
            testId="apps-b-step-foreach"
            invalid={field === 'forEach'}
            onChange={(v) => set('forEach', v)}
          />
        ) : null}
        {step.op === 'filter' ? (
          <>
            <ListField
              label={t('apps.builder.labels')}
              value={step.labels}
              testId="apps-b-step-labels"
              invalid={field === 'labels'}
              onChange={(v) => set('labels', v)}
            />
            <ListField
              label={t('apps.builder.keywords')}
              value={step.keywords}
              testId="apps-b-step-keywords"
              invalid={field === 'keywords'}
              onChange={(v) => set('keywords', v)}
            />
            <NumberField
              label={t('apps.builder.minScore')}
              value={step.minScore}
              min={0}
              max={1}
              step={0.05}
              testId="apps-b-step-min"
              onChange={(v) => set('minScore', v)}
            />
            <NumberField
              label={t('apps.builder.maxScore')}
              value={step.maxScore}
              min={0}
              max={1}
              step={0.05}
              testId="apps-b-step-max"
              onChange={(v) => set('maxScore', v)}
            />
          </>
        ) : null}
        {step.op === 'themes' ? (
          <NumberField
            label={t('apps.builder.themeCount')}
            value={step.themes}
            min={2}
            max={20}
            testId="apps-b-step-themes"
            invalid={field === 'themes'}
            onChange={(v) => set('themes', v)}
          />
        ) : null}
        {step.op === 'summarize' ? (
          <label className="apps-check">
            <input
              type="checkbox"
              checked={step.each ?? false}
              data-testid="apps-b-step-each"
              onChange={(event) => set('each', event.target.checked || undefined)}
            />
            {t('apps.builder.each')}
          </label>
        ) : null}
        {step.op === 'summarize' || step.op === 'generate' ? (
          <NumberField
            label={t('apps.builder.maxNewTokens')}
            value={step.maxNewTokens}
            min={1}
            max={1024}
            testId="apps-b-step-tokens"
            invalid={field === 'maxNewTokens'}
            onChange={(v) => set('maxNewTokens', v)}
          />
        ) : null}
        {step.op === 'generate' ? (
          <>
            <NumberField
              label={t('apps.builder.temperature')}
              value={step.temperature}
              min={0}
              max={2}
              step={0.1}
              testId="apps-b-step-temperature"
              onChange={(v) => set('temperature', v)}
            />
            <NumberField
              label={t('apps.builder.seed')}
              value={step.seed}
              min={0}
              max={2 ** 31 - 1}
              testId="apps-b-step-seed"
              onChange={(v) => set('seed', v)}
            />
          </>
        ) : null}
        {step.op === 'answer' ? (
          <TextField
            label={t('apps.builder.knowledgeBase')}
            value={step.knowledgeBase ?? ''}
            testId="apps-b-step-kb"
            invalid={field === 'knowledgeBase'}
            onChange={(v) => set('knowledgeBase', v)}
          />
        ) : null}
        {step.op === 'count' ? (
          <Select
            label={t('apps.builder.countBy')}
            value={step.by}
            options={[
              ['label', t('apps.builder.byLabel')],
              ['group', t('apps.builder.byGroup')],
            ]}
            testId="apps-b-step-by"
            onChange={(by) => change({ ...step, by })}
          />
        ) : null}
        <StepModel step={step} onChange={change} />
      </div>
      {step.op === 'generate' ? (
        <div className="field">
          <label className="field-label" htmlFor={templateId}>
            {t('apps.builder.template')}
          </label>
          <textarea
            id={templateId}
            className="textarea"
            rows={3}
            value={step.template}
            aria-invalid={field === 'template' ? 'true' : undefined}
            data-testid="apps-b-step-template"
            onChange={(event) => change({ ...step, template: event.target.value })}
          />
          <span className="muted">
            {t('apps.builder.templateHint', {
              names: [...app.inputs.map((i) => i.id), ...app.steps.slice(0, index).map((s) => s.id)].map((n) => `{{${n}}}`).join(' '),
              item: '{{item}}',
            })}
          </span>
        </div>
      ) : null}
    </Entry>
  );
}

function OutputEditor({ app, output, index, problem }: { app: AppDefinition; output: AppOutput; index: number; problem: DraftProblem | null }) {
  const { t, i18n } = useTranslation();
  const { updateOutput, removeOutput } = useApps.getState();
  const language = uiLanguageOf(i18n.language);
  const field = problem?.target.field;
  return (
    <li className="apps-b-entry" data-testid="apps-b-output" data-index={index} data-invalid={problem ? 'true' : undefined}>
      <div className="form-grid">
        <Select
          label={t('apps.builder.outputKind')}
          value={output.kind}
          options={OUTPUT_KINDS.map((kind) => [kind, outputKindLabel(t, kind)])}
          testId="apps-b-output-kind"
          invalid={field === 'kind'}
          onChange={(kind) => updateOutput(index, { ...output, kind })}
        />
        <Select
          label={t('apps.builder.shows')}
          value={output.from}
          options={sources(app, app.steps.length, output.from)}
          testId="apps-b-output-from"
          invalid={field === 'from' || problem !== null}
          onChange={(from) => updateOutput(index, { ...output, from })}
        />
        <TextField
          label={t('apps.builder.outputTitle')}
          value={output.title?.[language] ?? ''}
          testId="apps-b-output-title"
          invalid={field === 'title'}
          onChange={(v) => {
            const title = withLanguage(output.title, language, v);
            const { title: _previous, ...rest } = output;
            updateOutput(index, title.en === undefined && title['zh-CN'] === undefined ? rest : { ...rest, title });
          }}
        />
        <button
          type="button"
          className="button danger apps-b-remove-output"
          data-testid="apps-b-output-remove"
          aria-label={t('apps.builder.removeOutput', { index: index + 1 })}
          onClick={() => removeOutput(index)}
        >
          {t('apps.builder.remove')}
        </button>
      </div>
      <Problem problem={problem} />
    </li>
  );
}

export function Builder({ app }: { app: AppDefinition }) {
  const { t, i18n } = useTranslation();
  const problem = useApps((s) => s.draftProblem);
  const trial = useApps((s) => s.trial);
  const draftOf = useApps((s) => s.draftOf);
  const { addInput, addStep, addOutput, tryDraft, cancelTry, save, showMarket } = useApps.getState();
  const [newInputKind, setNewInputKind] = useState<AppInput['kind']>('list');
  const [newOp, setNewOp] = useState<StepOp>('classify');
  const [saved, setSaved] = useState<'saved' | 'refused' | null>(null);
  const trying = trial.status === 'running';
  const stepsProblem = problemIn(problem, 'step', -1);
  const outputsProblem = problemIn(problem, 'output', -1);
  return (
    <div className="apps-builder" data-testid="apps-builder" data-app-id={app.id}>
      <div className="toolbar">
        <button type="button" className="button ghost" data-testid="apps-back" onClick={showMarket}>
          {t('apps.back')}
        </button>
      </div>
      <h2>
        {draftOf === null
          ? t('apps.builder.titleNew', { name: localized(app.name, i18n.language) })
          : t('apps.builder.titleEdit', { name: localized(app.name, i18n.language) })}
      </h2>
      <About app={app} problem={problemIn(problem, 'app')} />

      <ListSection
        id="apps-b-inputs"
        title={t('apps.builder.inputs')}
        items={app.inputs.map((input, i) => (
          <InputEditor key={i} app={app} input={input} index={i} problem={problemIn(problem, 'input', i)} />
        ))}
        add={
          <AddOfKind<AppInput['kind']>
            kindLabel={t('apps.builder.newInputKind')}
            kind={newInputKind}
            kinds={INPUT_KINDS.map((kind) => [kind, inputKindLabel(t, kind)] as const)}
            kindTestId="apps-b-add-input-kind"
            onKind={setNewInputKind}
            addLabel={t('apps.builder.addInput')}
            testId="apps-b-add-input"
            onAdd={() => addInput(newInputKind)}
          />
        }
      />

      <ListSection
        id="apps-b-steps"
        title={t('apps.builder.steps')}
        problem={stepsProblem}
        items={app.steps.map((step, i) => (
          <StepEditor key={`${i}-${step.op}`} app={app} step={step} index={i} problem={problemIn(problem, 'step', i)} />
        ))}
        add={
          <AddOfKind<StepOp>
            kindLabel={t('apps.builder.newStepOp')}
            kind={newOp}
            kinds={STEP_OPS.map((op) => [op, opLabel(t, op)] as const)}
            kindTestId="apps-b-add-step-op"
            onKind={setNewOp}
            addLabel={t('apps.builder.addStep')}
            testId="apps-b-add-step"
            onAdd={() => addStep(newOp)}
          />
        }
      />

      <ListSection
        id="apps-b-outputs"
        title={t('apps.builder.outputs')}
        problem={outputsProblem}
        items={app.outputs.map((output, i) => (
          <OutputEditor key={i} app={app} output={output} index={i} problem={problemIn(problem, 'output', i)} />
        ))}
        add={
          <button type="button" className="button secondary" data-testid="apps-b-add-output" onClick={addOutput}>
            {t('apps.builder.addOutput')}
          </button>
        }
      />

      <section className="card" aria-labelledby="apps-b-try">
        <h3 id="apps-b-try">{t('apps.builder.try')}</h3>
        <p className="muted">{t('apps.builder.tryHint')}</p>
        <div className="toolbar">
          <button type="button" className="button secondary" data-testid="apps-b-try" disabled={trying} onClick={() => void tryDraft()}>
            {t('apps.builder.tryRun')}
          </button>
          <button type="button" className="button ghost" data-testid="apps-b-try-cancel" disabled={!trying} onClick={cancelTry}>
            {t('apps.run.cancel')}
          </button>
        </div>
        <StepProgress app={app} run={trial} testId="apps-b-trial-step" />
        <StatusLine status={trial.status} testId="apps-b-trial-status">
          {statusText(t, trial.status)}
        </StatusLine>
        {trial.status === 'error' && !problem ? <ErrorMessage error={trial.error} testId="apps-b-trial-error" /> : null}
        {trial.result && trial.status === 'done' ? <StepValues app={app} result={trial.result} testId="apps-b-trial-value" /> : null}
      </section>

      <div className="toolbar apps-b-save">
        <button
          type="button"
          className="button primary"
          data-testid="apps-b-save"
          onClick={() => {
            setSaved(null);
            void save().then((ok) => setSaved(ok ? 'saved' : 'refused'));
          }}
        >
          {t('apps.builder.save')}
        </button>
        <p
          className={saved === 'refused' ? 'form-message error-text' : 'form-message ok-text'}
          role="status"
          data-testid="apps-b-save-status"
          data-status={saved ?? 'idle'}
        >
          {saved === 'saved' ? t('apps.builder.saved') : saved === 'refused' ? t('apps.builder.refused') : ''}
        </p>
      </div>
    </div>
  );
}
