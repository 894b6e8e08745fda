/**
 * Template variables of a `generate` step: `{{name}}` or `{{name.part}}`, where name is an input,
 * an earlier step or, in a step with `forEach`, `item` (the current item or group). Values live in
 * Maps, so a variable called `__proto__` or `constructor` is an ordinary (and here unknown) name.
 */

export interface TemplateVariableRef {
  /** The whole placeholder as written, e.g. `{{ item.label }}`. */
  raw: string;
  name: string;
  part?: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][\w-]*)(?:\.([A-Za-z][\w-]*))?\s*\}\}/g;

/** Every placeholder of a template, in order (repeats included). */
export function templateVariables(template: string): TemplateVariableRef[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) =>
    match[2] === undefined ? { raw: match[0], name: match[1]! } : { raw: match[0], name: match[1]!, part: match[2] },
  );
}

/** `name` or `name.part` → its text. */
export type TemplateScope = ReadonlyMap<string, string>;

export function scopeKey(name: string, part?: string): string {
  return part === undefined ? name : `${name}.${part}`;
}

/**
 * Fills the placeholders from `scope`. Values are inserted once, never read again as a template,
 * so a value containing `{{x}}` stays literal. A placeholder with no value becomes empty text
 * (validation has already refused unknown names; an item may simply have no label).
 */
export function fillAppTemplate(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (_raw, name: string, part: string | undefined) => scope.get(scopeKey(name, part)) ?? '');
}
