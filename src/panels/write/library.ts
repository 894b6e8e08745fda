/**
 * The Write app's data, pure: templates as stored in the workspace, generation settings and their
 * limits, and drafts. The workspace stores records loosely typed (`variables: unknown[]`,
 * `values: unknown`), and a record may come from an older version or a restored backup, so every
 * read goes through a check here instead of a cast.
 */
import {
  BUILTIN_TEMPLATES,
  builtinTemplates,
  TEMPLATE_KINDS,
  ownCopy,
  ownValue,
  VARIABLE_KINDS,
  syncVariables,
  type Template,
  type TemplateKind,
  type TemplateVariable,
  type VariableKind,
} from '../../content/templates';
import type { GenerationOptions } from '../../core';
import type { DraftRecord, TemplateRecord } from '../../storage/repositories';

// ---------------------------------------------------------------------------------------------
// Templates

export const USER_TEMPLATE_PREFIX = 'user:';

export function isBuiltin(id: string): boolean {
  return BUILTIN_TEMPLATES.some((t) => t.id === id);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function variableFrom(raw: unknown): TemplateVariable | null {
  if (!isRecord(raw) || typeof raw.name !== 'string' || raw.name === '') return null;
  const kind: VariableKind = typeof raw.kind === 'string' && (VARIABLE_KINDS as readonly string[]).includes(raw.kind) ? (raw.kind as VariableKind) : 'text';
  const variable: TemplateVariable = {
    name: raw.name,
    label: typeof raw.label === 'string' && raw.label.trim() !== '' ? raw.label : raw.name,
    kind,
    required: raw.required === true,
  };
  if (typeof raw.default === 'string') variable.default = raw.default;
  return variable;
}

/** A stored template, or null when the record is unusable (no body). Variables follow the body. */
export function templateFromRecord(record: TemplateRecord): Template | null {
  if (typeof record.id !== 'string' || typeof record.body !== 'string' || record.body.trim() === '') return null;
  const kind: TemplateKind = (TEMPLATE_KINDS as readonly string[]).includes(record.kind) ? (record.kind as TemplateKind) : 'custom';
  const declared = (Array.isArray(record.variables) ? record.variables : []).map(variableFrom).filter((v): v is TemplateVariable => v !== null);
  return {
    id: record.id,
    name: typeof record.name === 'string' && record.name.trim() !== '' ? record.name : record.id,
    kind,
    body: record.body,
    variables: syncVariables(record.body, declared),
  };
}

/** Built-ins in the UI's language first (in their order), then the user's templates by name. */
export function templateLibrary(userTemplates: readonly Template[], language = 'en'): Template[] {
  const own = userTemplates.filter((t) => !isBuiltin(t.id)).sort((a, b) => a.name.localeCompare(b.name, language));
  return [...builtinTemplates(language), ...own];
}

export function newTemplateId(random: () => string = () => crypto.randomUUID()): string {
  return `${USER_TEMPLATE_PREFIX}${random()}`;
}

// ---------------------------------------------------------------------------------------------
// Generation settings

export interface GenerationSettings {
  maxNewTokens: number;
  /**
   * Tokens to write before the model may stop; 0 lets it stop whenever it likes. Small models
   * often end after a few words, so this is how a user asks for a longer draft.
   */
  minNewTokens: number;
  /** 0 is greedy decoding (no sampling); top-k, top-p and the seed then do nothing. */
  temperature: number;
  topK: number;
  topP: number;
  repetitionPenalty: number;
  seed: number;
  /** Drafts per click; draft i uses seed + i, so each is different and each is repeatable. */
  drafts: number;
}

export const DEFAULT_SETTINGS: GenerationSettings = {
  maxNewTokens: 80,
  minNewTokens: 0,
  temperature: 0.8,
  topK: 50,
  topP: 0.95,
  repetitionPenalty: 1.2,
  seed: 42,
  drafts: 1,
};

interface Limit {
  min: number;
  max: number;
  step: number;
  integer: boolean;
}

/** What the form allows; out-of-range values are clamped, not rejected, so typing never errors. */
export const SETTING_LIMITS: Record<keyof GenerationSettings, Limit> = {
  maxNewTokens: { min: 1, max: 512, step: 1, integer: true },
  minNewTokens: { min: 0, max: 512, step: 1, integer: true },
  temperature: { min: 0, max: 2, step: 0.05, integer: false },
  topK: { min: 0, max: 200, step: 1, integer: true },
  topP: { min: 0.05, max: 1, step: 0.05, integer: false },
  repetitionPenalty: { min: 1, max: 2, step: 0.05, integer: false },
  seed: { min: 0, max: 2 ** 31 - 1, step: 1, integer: true },
  drafts: { min: 1, max: 5, step: 1, integer: true },
};

export function clampSetting(key: keyof GenerationSettings, value: unknown): number {
  const limit = SETTING_LIMITS[key];
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) return DEFAULT_SETTINGS[key];
  const clamped = Math.min(limit.max, Math.max(limit.min, n));
  return limit.integer ? Math.round(clamped) : clamped;
}

/** Settings from anything (a stored draft, a half-typed form): every field valid. */
export function normalizeSettings(raw: unknown): GenerationSettings {
  const source = isRecord(raw) ? raw : {};
  const settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(SETTING_LIMITS) as Array<keyof GenerationSettings>) {
    if (source[key] !== undefined) settings[key] = clampSetting(key, source[key]);
  }
  return settings;
}

/** The SDK options for draft number `draftIndex` (0-based). */
export function generationOptions(settings: GenerationSettings, draftIndex: number): GenerationOptions {
  const sampling = settings.temperature > 0;
  return {
    maxNewTokens: settings.maxNewTokens,
    minNewTokens: settings.minNewTokens > 0 ? Math.min(settings.minNewTokens, settings.maxNewTokens) : undefined,
    temperature: settings.temperature,
    doSample: sampling,
    // Passed even when 0 ("no top-k filter"): left out, the model's own default (often 50) applies.
    topK: sampling ? settings.topK : undefined,
    topP: sampling ? settings.topP : undefined,
    repetitionPenalty: settings.repetitionPenalty,
    seed: sampling ? (settings.seed + draftIndex) % 2 ** 31 : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Drafts

export type TemplateValuesInput = Record<string, string>;

/** What a draft remembers beyond its text, to regenerate or tweak it. Stored in `values`. */
export interface DraftDetails {
  variables: TemplateValuesInput;
  settings: GenerationSettings;
  /** Which of the click's drafts this was (its seed is settings.seed + draftIndex). */
  draftIndex: number;
  /** Stopped by the user before the model finished. */
  stopped: boolean;
  tokenCount: number;
  /** Steady-state rate; null when fewer than two tokens arrived. */
  tokensPerSecond: number | null;
  templateName: string;
}

export interface Draft extends DraftDetails {
  id: string;
  title: string;
  text: string;
  templateId?: string;
  createdAt: number;
}

function stringRecord(value: unknown): TemplateValuesInput {
  const out = ownCopy<string>({});
  if (!isRecord(value)) return out;
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string') out[key] = v;
  return out;
}

/** The fields of every template as kept over a reload (src/state/keptFields.ts), or undefined if damaged. */
export function keptTemplateValues(raw: unknown): Record<string, TemplateValuesInput> | undefined {
  if (!isRecord(raw)) return undefined;
  const out = ownCopy<TemplateValuesInput>({});
  for (const [templateId, values] of Object.entries(raw)) out[templateId] = stringRecord(values);
  return out;
}

/**
 * A stored draft as the history shows it, or null for a record it cannot show: one written past
 * the record checks (devtools, another tool) without an id or a real date would break the whole
 * Write panel when it is rendered ("Invalid time value"), so the caller sets it aside and says so.
 */
export function draftFromRecord(record: DraftRecord): Draft | null {
  if (typeof record.id !== 'string' || record.id === '' || typeof record.createdAt !== 'number' || !Number.isFinite(record.createdAt)) return null;
  if (Number.isNaN(new Date(record.createdAt).getTime())) return null;
  const details = isRecord(record.values) ? record.values : {};
  return {
    id: record.id,
    title: typeof record.title === 'string' ? record.title : '',
    text: typeof record.text === 'string' ? record.text : '',
    templateId: record.templateId,
    createdAt: record.createdAt,
    variables: stringRecord(details.variables),
    settings: normalizeSettings(details.settings),
    draftIndex: typeof details.draftIndex === 'number' ? details.draftIndex : 0,
    stopped: details.stopped === true,
    tokenCount: typeof details.tokenCount === 'number' ? details.tokenCount : 0,
    tokensPerSecond: typeof details.tokensPerSecond === 'number' ? details.tokensPerSecond : null,
    templateName: typeof details.templateName === 'string' ? details.templateName : typeof record.title === 'string' ? record.title : '',
  };
}

export function draftToRecord(draft: Draft, now: number): DraftRecord {
  const details: DraftDetails = {
    variables: ownCopy(draft.variables),
    settings: { ...draft.settings },
    draftIndex: draft.draftIndex,
    stopped: draft.stopped,
    tokenCount: draft.tokenCount,
    tokensPerSecond: draft.tokensPerSecond,
    templateName: draft.templateName,
  };
  return {
    id: draft.id,
    title: draft.title,
    text: draft.text,
    templateId: draft.templateId,
    values: details,
    createdAt: draft.createdAt,
    updatedAt: now,
  };
}

/** "Product description · Acme Buds": the template and the first filled value, for the history. */
export function draftTitle(template: Pick<Template, 'name' | 'variables'>, values: TemplateValuesInput): string {
  for (const variable of template.variables) {
    const value = ownValue(values, variable.name)?.replace(/\s+/g, ' ').trim();
    if (value) return `${template.name} · ${value.length > 60 ? `${value.slice(0, 57)}…` : value}`;
  }
  return template.name;
}

/** Newest first; the history shows at most `limit`. */
export function sortDrafts(drafts: readonly Draft[], limit = Infinity): Draft[] {
  return [...drafts].sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1)).slice(0, limit);
}
