/**
 * Prompt templates for the Write app. The model is a small causal LM (GPT-2 style): it continues
 * text and does not follow instructions, so a template is the beginning of the document we want
 * ("Product: …\nKey features:\n- …\n\nProduct description:\n") and the model writes the rest.
 *
 * Placeholders are `{{name}}` (spaces inside the braces allowed). Decision on placeholders that
 * the template does not declare as variables: fillTemplate rejects them (bad-input) rather than
 * sending literal braces to the model or silently blanking them; editors call syncVariables()
 * after each body edit so declarations follow the body, and imports are validated the same way.
 */
import { reason, refusal, type Reason, uiLanguageOf } from '../core';

export const TEMPLATE_KINDS = ['product-description', 'marketing-copy', 'support-reply', 'press-release', 'release-notes', 'custom'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

export const VARIABLE_KINDS = ['text', 'multiline', 'list'] as const;
export type VariableKind = (typeof VARIABLE_KINDS)[number];

export interface TemplateVariable {
  name: string;
  label: string;
  kind: VariableKind;
  required: boolean;
  /** Used when the user leaves the field empty. For lists: one item per line. */
  default?: string;
}

export interface Template {
  id: string;
  name: string;
  kind: TemplateKind;
  body: string;
  variables: TemplateVariable[];
}

/**
 * `record[key]` only when `record` itself has it. Variable names are the user's, and a plain
 * object answers `values.constructor` or `values.toString` with Object.prototype's functions
 * (and `values.__proto__` with the prototype): "{{constructor}}" must read as an ordinary name.
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A copy without a prototype (a null-prototype target has no `__proto__` setter to trip over). */
export function ownCopy<T>(record: Readonly<Record<string, T>> | undefined): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, record);
}

/** `{ ...record, [key]: value }` without a prototype, so every key (even "__proto__") is an ordinary one. */
export function withValue<T>(record: Readonly<Record<string, T>> | undefined, key: string, value: T): Record<string, T> {
  const next = ownCopy(record);
  next[key] = value;
  return next;
}

/** A list may be given as items or as text with one item per line. */
export type TemplateValues = Readonly<Record<string, string | readonly string[] | undefined>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Placeholder names in order of first appearance, without duplicates. */
export function extractVariables(body: string): string[] {
  const names: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** "release_date" → "Release date": a readable label for a variable the user just typed. */
export function labelFor(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Variable declarations matching `body`: existing declarations kept (in body order), new
 * placeholders added as optional text variables, declarations no longer used dropped.
 */
export function syncVariables(body: string, existing: readonly TemplateVariable[]): TemplateVariable[] {
  return extractVariables(body).map((name) => existing.find((v) => v.name === name) ?? { name, label: labelFor(name), kind: 'text', required: false });
}

/** Strips bullets the user typed ("- ", "* ", "• ", "1. ") so items are not double-bulleted. */
function listItems(value: string | readonly string[]): string[] {
  const raw = typeof value === 'string' ? value.split(/\r\n|\r|\n/) : value;
  return raw
    .map((item) =>
      item
        .trim()
        .replace(/^(?:[-*•]|\d{1,3}[.)])(?:\s+|$)/u, '')
        .trim(),
    )
    .filter((item) => item !== '');
}

/** The value as it goes into the prompt, or '' when empty. */
function render(variable: TemplateVariable, value: string | readonly string[] | undefined): string {
  const pick = (v: string | readonly string[] | undefined): string => {
    if (v === undefined) return '';
    switch (variable.kind) {
      case 'list':
        return listItems(v)
          .map((item) => `- ${item}`)
          .join('\n');
      case 'multiline':
        return (typeof v === 'string' ? v : v.join('\n')).replace(/\r\n?/g, '\n').trim();
      case 'text':
        // One line: a line break would end the "Field: value" line the template relies on.
        return (typeof v === 'string' ? v : v.join(', ')).replace(/\s+/g, ' ').trim();
    }
  };
  const given = pick(value);
  return given !== '' ? given : pick(variable.default);
}

/** Required variables that are empty after applying defaults (for marking fields in the form). */
export function missingVariables(template: Template, values: TemplateValues): TemplateVariable[] {
  return template.variables.filter((v) => v.required && render(v, ownValue(values, v.name)) === '');
}

/**
 * The prompt for `template` with `values` filled in. Throws bad-input listing every missing
 * required variable, or naming placeholders the template does not declare.
 */
export function fillTemplate(template: Template, values: TemplateValues): string {
  const declared = new Map(template.variables.map((v) => [v.name, v]));
  const undeclared = extractVariables(template.body).filter((name) => !declared.has(name));
  if (undeclared.length > 0) {
    throw refusal(reason('templateUndeclared', { count: undeclared.length, variables: undeclared.map((n) => `{{${n}}}`).join(', ') }));
  }
  const missing = missingVariables(template, values);
  if (missing.length > 0) {
    throw refusal(reason('templateFillIn', { fields: missing.map((v) => v.label).join(', ') }), { detail: missing.map((v) => v.name).join(',') });
  }
  // One pass over the body, so values that contain "{{…}}" are inserted literally, not expanded.
  return template.body.replace(PLACEHOLDER, (_, name: string) => render(declared.get(name) as TemplateVariable, ownValue(values, name)));
}

// ---------------------------------------------------------------------------------------------
// Built-in templates

const v = (name: string, label: string, kind: VariableKind, required: boolean, fallback?: string): TemplateVariable =>
  fallback === undefined ? { name, label, kind, required } : { name, label, kind, required, default: fallback };

export const BUILTIN_TEMPLATES: readonly Template[] = [
  {
    id: 'builtin:product-description',
    name: 'Product description',
    kind: 'product-description',
    body: 'Product: {{product}}\nAudience: {{audience}}\nTone: {{tone}}\nKey features:\n{{features}}\n\nProduct description:\n',
    variables: [
      v('product', 'Product', 'text', true),
      v('audience', 'Audience', 'text', false, 'everyone'),
      v('tone', 'Tone', 'text', false, 'friendly'),
      v('features', 'Key features', 'list', true),
    ],
  },
  {
    id: 'builtin:marketing-copy',
    name: 'Marketing copy',
    kind: 'marketing-copy',
    body: 'Campaign: {{campaign}}\nProduct: {{product}}\nAudience: {{audience}}\nSelling points:\n{{points}}\n\nAd copy:\n{{headline}}\n',
    variables: [
      v('campaign', 'Campaign', 'text', false, 'Launch'),
      v('product', 'Product', 'text', true),
      v('audience', 'Audience', 'text', true),
      v('points', 'Selling points', 'list', true),
      v('headline', 'Headline', 'text', false, 'Meet the new way to work.'),
    ],
  },
  {
    id: 'builtin:support-reply',
    name: 'Support reply',
    kind: 'support-reply',
    // Ends inside the reply, after its opening, so the model continues the reply itself.
    body: 'Customer message:\n{{message}}\n\nWhat the reply should cover:\n{{points}}\n\nReply from the {{company}} support team:\nHi {{customer}},\n\nThank you for getting in touch.',
    variables: [
      v('message', 'Customer message', 'multiline', true),
      v('points', 'What to cover', 'list', false),
      v('company', 'Company', 'text', true),
      v('customer', 'Customer name', 'text', false, 'there'),
    ],
  },
  {
    id: 'builtin:press-release',
    name: 'Press release',
    kind: 'press-release',
    body: 'FOR IMMEDIATE RELEASE\n\n{{headline}}\n\nHighlights:\n{{highlights}}\n\n{{city}}, {{date}} — {{company}} today announced {{announcement}}.',
    variables: [
      v('headline', 'Headline', 'text', true),
      v('highlights', 'Highlights', 'list', true),
      v('city', 'City', 'text', true),
      v('date', 'Date', 'text', true),
      v('company', 'Company', 'text', true),
      v('announcement', 'What is announced', 'text', true),
    ],
  },
  {
    id: 'builtin:release-notes',
    name: 'Release notes',
    kind: 'release-notes',
    body: '{{product}} {{version}} release notes\n\nNew:\n{{features}}\n\nFixed:\n{{fixes}}\n\nAbout this release:\n',
    variables: [
      v('product', 'Product', 'text', true),
      v('version', 'Version', 'text', true),
      v('features', "What's new", 'list', true),
      v('fixes', 'Fixes', 'list', false, 'Minor bug fixes and performance improvements'),
    ],
  },
];

/**
 * The built-ins written in Chinese for the Chinese UI: the same ids, kinds and variable names as
 * BUILTIN_TEMPLATES, so a selection and the values typed into it carry over when the language
 * changes; names, field labels, defaults and the prompt itself are Chinese, so the draft is too.
 */
export const BUILTIN_TEMPLATES_ZH: readonly Template[] = [
  {
    id: 'builtin:product-description',
    name: '产品描述',
    kind: 'product-description',
    body: '产品：{{product}}\n目标用户：{{audience}}\n语气：{{tone}}\n主要功能：\n{{features}}\n\n产品描述：\n',
    variables: [
      v('product', '产品', 'text', true),
      v('audience', '目标用户', 'text', false, '所有人'),
      v('tone', '语气', 'text', false, '亲切'),
      v('features', '主要功能', 'list', true),
    ],
  },
  {
    id: 'builtin:marketing-copy',
    name: '营销文案',
    kind: 'marketing-copy',
    body: '活动：{{campaign}}\n产品：{{product}}\n目标用户：{{audience}}\n卖点：\n{{points}}\n\n广告文案：\n{{headline}}\n',
    variables: [
      v('campaign', '活动', 'text', false, '新品发布'),
      v('product', '产品', 'text', true),
      v('audience', '目标用户', 'text', true),
      v('points', '卖点', 'list', true),
      v('headline', '标题', 'text', false, '全新的工作方式，现在开始。'),
    ],
  },
  {
    id: 'builtin:support-reply',
    name: '客服回复',
    kind: 'support-reply',
    // Ends inside the reply, after its opening, so the model continues the reply itself.
    body: '客户留言：\n{{message}}\n\n回复要点：\n{{points}}\n\n{{company}} 客服团队的回复：\n{{customer}}，您好！\n\n感谢您的来信。',
    variables: [
      v('message', '客户留言', 'multiline', true),
      v('points', '回复要点', 'list', false),
      v('company', '公司', 'text', true),
      v('customer', '客户称呼', 'text', false, '亲爱的用户'),
    ],
  },
  {
    id: 'builtin:press-release',
    name: '新闻稿',
    kind: 'press-release',
    body: '即时发布\n\n{{headline}}\n\n要点：\n{{highlights}}\n\n{{city}}，{{date}}——{{company}}今天宣布{{announcement}}。',
    variables: [
      v('headline', '标题', 'text', true),
      v('highlights', '要点', 'list', true),
      v('city', '城市', 'text', true),
      v('date', '日期', 'text', true),
      v('company', '公司', 'text', true),
      v('announcement', '发布内容', 'text', true),
    ],
  },
  {
    id: 'builtin:release-notes',
    name: '版本说明',
    kind: 'release-notes',
    body: '{{product}} {{version}} 版本说明\n\n新功能：\n{{features}}\n\n修复：\n{{fixes}}\n\n关于本版本：\n',
    variables: [
      v('product', '产品', 'text', true),
      v('version', '版本号', 'text', true),
      v('features', '新功能', 'list', true),
      v('fixes', '修复', 'list', false, '修复了一些小问题，提升了性能'),
    ],
  },
];

/** The built-ins in the UI's language (anything but Chinese gets the English ones). */
export function builtinTemplates(language: string): readonly Template[] {
  return uiLanguageOf(language) === 'zh-CN' ? BUILTIN_TEMPLATES_ZH : BUILTIN_TEMPLATES;
}

// ---------------------------------------------------------------------------------------------
// Import / export

export const TEMPLATE_FILE_FORMAT = 'llmaos-workbench/templates';
export const TEMPLATE_FILE_VERSION = 1;

export interface TemplateFile {
  format: typeof TEMPLATE_FILE_FORMAT;
  version: number;
  exportedAt?: string;
  templates: Template[];
}

/** Limits so a wrong or hostile file cannot fill storage or freeze the form. */
const MAX_TEMPLATES = 500;
const MAX_BODY_CHARS = 20_000;
const MAX_VARIABLES = 50;
const MAX_ID_CHARS = 100;

export function exportTemplates(list: readonly Template[], now: Date = new Date()): string {
  const file: TemplateFile = {
    format: TEMPLATE_FILE_FORMAT,
    version: TEMPLATE_FILE_VERSION,
    exportedAt: now.toISOString(),
    templates: list.map((t) => ({
      id: t.id,
      name: t.name,
      kind: t.kind,
      body: t.body,
      variables: t.variables.map((x) => ({ ...x })),
    })),
  };
  return JSON.stringify(file, null, 2);
}

export type DuplicatePolicy = 'rename' | 'replace' | 'skip';

export interface ImportOptions {
  /** Ids already in the library, built-ins included. */
  existingIds?: Iterable<string>;
  /** What to do with an id that is taken (or repeated in the file). Default 'rename'. */
  onDuplicate?: DuplicatePolicy;
}

export interface ImportResult {
  templates: Template[];
  /** Human-readable notes: renamed or skipped templates. */
  warnings: string[];
}

/** A template as the workspace stores it (a TemplateRecord): its fields, when it was made and last changed. */
export interface StoredTemplate extends Template {
  createdAt: number;
  updatedAt: number;
}

export function templateToRecord(template: Template, now: number, createdAt = now): StoredTemplate {
  return {
    id: template.id,
    name: template.name,
    kind: template.kind,
    body: template.body,
    variables: template.variables.map((v) => ({ ...v })),
    createdAt,
    updatedAt: now,
  };
}

function fail(problem: Reason): never {
  throw refusal(reason('templatesInvalid', { problem }));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, path: string, max = MAX_BODY_CHARS): string {
  if (typeof value !== 'string' || value.trim() === '') fail(reason('templatesFieldEmpty', { path }));
  if (value.length > max) fail(reason('templatesFieldTooLong', { path, max }));
  return value;
}

function parseVariable(raw: unknown, path: string): TemplateVariable {
  if (!isRecord(raw)) fail(reason('templatesFieldNotObject', { path }));
  const name = nonEmptyString(raw.name, `${path}.name`, 100);
  if (!VARIABLE_NAME.test(name)) fail(reason('templatesVariableName', { path: `${path}.name`, name }));
  const kind = raw.kind ?? 'text';
  if (typeof kind !== 'string' || !(VARIABLE_KINDS as readonly string[]).includes(kind)) {
    fail(reason('templatesFieldOneOf', { path: `${path}.kind`, allowed: VARIABLE_KINDS.join(', ') }));
  }
  const label = raw.label === undefined ? labelFor(name) : nonEmptyString(raw.label, `${path}.label`, 200);
  if (raw.required !== undefined && typeof raw.required !== 'boolean') fail(reason('templatesFieldBoolean', { path: `${path}.required` }));
  let fallback: string | undefined;
  if (raw.default !== undefined) {
    if (typeof raw.default === 'string') fallback = raw.default;
    else if (Array.isArray(raw.default) && raw.default.every((x) => typeof x === 'string')) fallback = raw.default.join('\n');
    else fail(reason('templatesFieldText', { path: `${path}.default` }));
  }
  const variable: TemplateVariable = { name, label, kind: kind as VariableKind, required: raw.required === true };
  if (fallback !== undefined) variable.default = fallback;
  return variable;
}

function parseTemplate(raw: unknown, path: string): Template {
  if (!isRecord(raw)) fail(reason('templatesFieldNotObject', { path }));
  const id = nonEmptyString(raw.id, `${path}.id`, MAX_ID_CHARS).trim();
  const name = nonEmptyString(raw.name, `${path}.name`, 200).trim();
  const kind = raw.kind ?? 'custom';
  if (typeof kind !== 'string' || !(TEMPLATE_KINDS as readonly string[]).includes(kind)) {
    fail(reason('templatesFieldOneOf', { path: `${path}.kind`, allowed: TEMPLATE_KINDS.join(', ') }));
  }
  const body = nonEmptyString(raw.body, `${path}.body`);
  const rawVariables = raw.variables ?? [];
  if (!Array.isArray(rawVariables)) fail(reason('templatesFieldList', { path: `${path}.variables` }));
  if (rawVariables.length > MAX_VARIABLES) fail(reason('templatesTooManyVariables', { path, max: MAX_VARIABLES }));
  const variables = rawVariables.map((x, i) => parseVariable(x, `${path}.variables[${i}]`));
  const seen = new Set<string>();
  for (const variable of variables) {
    if (seen.has(variable.name)) fail(reason('templatesVariableTwice', { path, name: variable.name }));
    seen.add(variable.name);
  }
  const undeclared = extractVariables(body).filter((n) => !seen.has(n));
  if (undeclared.length > 0) {
    fail(reason('templatesUndeclared', { path, name, variables: undeclared.map((n) => `{{${n}}}`).join(', ') }));
  }
  return { id, name, kind: kind as TemplateKind, body, variables };
}

/**
 * Reads a templates file. Malformed JSON, a different format, a newer version or an invalid
 * template rejects the whole file with bad-input naming the problem (nothing half-imported).
 * Ids that are already taken are renamed ("x" → "x-2"), replaced or skipped per `onDuplicate`.
 */
export function importTemplates(json: string, options: ImportOptions = {}): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw refusal(reason('templatesNotJson'), { detail: String(error) });
  }
  if (!isRecord(data) || data.format !== TEMPLATE_FILE_FORMAT) fail(reason('templatesWrongFormat', { format: TEMPLATE_FILE_FORMAT }));
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) fail(reason('templatesNoVersion'));
  if (data.version > TEMPLATE_FILE_VERSION) throw refusal(reason('templatesNewer', { version: data.version }));
  if (!Array.isArray(data.templates)) fail(reason('templatesFieldList', { path: '"templates"' }));
  if (data.templates.length > MAX_TEMPLATES) fail(reason('templatesTooMany', { max: MAX_TEMPLATES }));
  const parsed = data.templates.map((t, i) => parseTemplate(t, `templates[${i}]`));

  const policy = options.onDuplicate ?? 'rename';
  const taken = new Set(options.existingIds ?? []);
  const byId = new Map<string, Template>();
  const warnings: string[] = [];
  for (const template of parsed) {
    if (!taken.has(template.id) && !byId.has(template.id)) {
      byId.set(template.id, template);
      continue;
    }
    if (policy === 'skip') {
      warnings.push(`Skipped "${template.name}": a template with id "${template.id}" already exists.`);
    } else if (policy === 'replace') {
      byId.set(template.id, template); // a later template in the file wins
      warnings.push(`"${template.name}" replaces the template with id "${template.id}".`);
    } else {
      let n = 2;
      while (taken.has(`${template.id}-${n}`) || byId.has(`${template.id}-${n}`)) n++;
      const id = `${template.id}-${n}`;
      byId.set(id, { ...template, id });
      warnings.push(`"${template.name}" was imported as "${id}" because its id "${template.id}" is already used.`);
    }
  }
  return { templates: [...byId.values()], warnings };
}
