/**
 * Reasons: why a file, a record or an input was refused or set aside, as locale keys with
 * parameters (`LocalizedText`). They are made where the check runs (parsers, storage, workers),
 * which has no i18next; the page renders them in the UI's language (`renderLocalized` in
 * src/ui/localizedText.ts) and the English text is the error's `message` for the SDK and logs.
 * The wording lives once, in src/core/reasons/<language>.json (the `reasons.` key family; the
 * kernel holds it because every layer makes reasons and the English text is built here).
 */
import { WorkbenchError, type ErrorCode, type LocalizedText } from './errors';
import english from './reasons/en.json' with { type: 'json' };

type EnglishKey = keyof typeof english;
/** A reason key, with i18next's plural forms (`x_one`, `x_other`) named by their base `x`. */
export type ReasonKey = EnglishKey extends infer K ? (K extends `${infer Base}_${'one' | 'other'}` ? Base : K) : never;
export type ReasonParam = string | number | Reason;
export interface Reason extends LocalizedText {
  key: ReasonKey;
  params?: { readonly [name: string]: ReasonParam };
}

export function reason(key: ReasonKey, params?: { readonly [name: string]: ReasonParam }): Reason {
  return params === undefined ? { key } : { key, params };
}

const ENGLISH: Readonly<Record<string, string>> = english;

/**
 * The English text of a reason, interpolated the way i18next does for these messages: `{{name}}`
 * placeholders, nested reasons rendered first, and `_one`/`_other` chosen by a numeric `count`.
 */
export function englishText(text: LocalizedText): string {
  const { key, params = {} } = text;
  const count = params.count;
  const plural = typeof count === 'number' ? ENGLISH[`${key}_${count === 1 ? 'one' : 'other'}`] : undefined;
  const template = plural ?? ENGLISH[key];
  if (template === undefined) return key;
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (placeholder, name: string) => {
    const value = params[name];
    if (value === undefined) return placeholder;
    return typeof value === 'object' ? englishText(value) : String(value);
  });
}

/** An error whose message is the reason: English in `message`, the key and parameters in `localized`. */
export function refusal(why: Reason, options: { code?: ErrorCode; detail?: string; cause?: unknown } = {}): WorkbenchError {
  return new WorkbenchError(options.code ?? 'bad-input', englishText(why), options.detail, { localized: why, cause: options.cause });
}
