/**
 * The two languages of the UI and of everything written for the user (reports, templates, app
 * texts): any BCP 47 tag maps to one of them, any Chinese variant to Simplified Chinese. One
 * function for every layer, so a report, a template and the UI never disagree about a tag.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */
export type UiLanguage = 'en' | 'zh-CN';

export function uiLanguageOf(tag: string | undefined): UiLanguage {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
