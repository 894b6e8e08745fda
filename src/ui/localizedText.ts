/** Renders a LocalizedText (a reason made in a worker, storage or a parser) in the UI's language. */
import type { TFunction } from 'i18next';
import type { LocalizedText } from '../core';

export function renderLocalized(t: TFunction, text: LocalizedText): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.params ?? {})) {
    params[name] = typeof value === 'object' ? renderLocalized(t, value) : value;
  }
  // The key comes from typed code (`reason()`), across a worker boundary at most: never from a file.
  return (t as unknown as (key: string, options: object) => string)(`reasons.${text.key}`, params);
}
