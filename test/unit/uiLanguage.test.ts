import { describe, expect, it } from 'vitest';
import { uiLanguageOf } from '../../src/core';
import { builtinTemplates } from '../../src/content/templates';
import { reportText } from '../../src/insights/reportText';
import { localized } from '../../src/apps/format';

describe('uiLanguageOf', () => {
  it('maps every Chinese tag to zh-CN and anything else (or nothing) to English', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-TW', 'zh-Hans-CN', 'ZH-hk']) expect(uiLanguageOf(tag)).toBe('zh-CN');
    for (const tag of ['en', 'en-GB', 'fr', 'ja', '', undefined]) expect(uiLanguageOf(tag)).toBe('en');
  });

  it('is what the templates, the reports and the app texts follow, so they agree on a tag', () => {
    for (const tag of ['zh-TW', 'en-US', 'ja']) {
      const chinese = uiLanguageOf(tag) === 'zh-CN';
      expect(builtinTemplates(tag)[0]!.name).toMatch(chinese ? /\p{Script=Han}/u : /^[\x20-\x7e]+$/);
      expect(reportText(tag).htmlLang).toBe(uiLanguageOf(tag));
      expect(localized({ en: 'Support triage', 'zh-CN': '工单分诊' }, tag)).toBe(chinese ? '工单分诊' : 'Support triage');
    }
  });
});
