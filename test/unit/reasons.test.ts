/**
 * Reasons (src/core/reasons.ts): the English text the SDK gets is the English the UI shows, every
 * reason has a Chinese wording, and a refusal's headline (ErrorMessage: lead, then reason) says the
 * reason in the UI's language. Rendering goes through i18next with the app's resources.
 */
import { describe, expect, it } from 'vitest';
import { englishText, reason, refusal, WorkbenchError, type ReasonKey } from '../../src/core';
import { parseBackup } from '../../src/storage/backup';
import english from '../../src/core/reasons/en.json';
import chinese from '../../src/core/reasons/zh-CN.json';
import { importTemplates, TEMPLATE_FILE_FORMAT } from '../../src/content/templates';
import { parseFeedbackFile, parsePastedText } from '../../src/insights/import';
import { HAN, inLanguage, rendered } from './support/localize';

/** Some value for each placeholder of a message; `count` gets 2, so the plural form is used. */
function sampleParams(template: string): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  for (const [, name] of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) params[name!] = name === 'count' ? 2 : `<${name}>`;
  return params;
}

const KEYS = Object.keys(english).map((key) => key.replace(/_(one|other)$/, '')) as ReasonKey[];

describe('reasons', () => {
  it('render in English exactly as englishText builds the SDK message, for every key', () => {
    for (const key of new Set(KEYS)) {
      const plural = (english as Record<string, string>)[`${key}_other`];
      const template = (english as Record<string, string>)[key] ?? plural!;
      const why = reason(key, { ...sampleParams(template), ...(plural === undefined ? {} : { count: 2 }) });
      expect(rendered(why, 'en'), key).toBe(englishText(why));
    }
  });

  it('have a Chinese wording for every key, written in Chinese (the i18n test checks the placeholders match)', () => {
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const [key, text] of Object.entries(chinese as Record<string, string>)) {
      // A name or a literal: the JSON file name in quotes, "ID".
      if (key === 'jsonWhat' || key === 'roleId') continue;
      expect(text, key).toMatch(HAN);
    }
  });

  it('nest: a record problem inside a refused backup renders whole in each language', () => {
    const file = JSON.stringify({
      format: 'llmaos-workspace-backup',
      version: 1,
      schemaVersion: 1,
      stores: { drafts: [{ id: 'd', title: 'x', text: 'y', createdAt: 'yesterday', updatedAt: 1 }] },
    });
    const error = (() => {
      try {
        parseBackup(file, 1);
      } catch (caught) {
        return caught as WorkbenchError;
      }
      throw new Error('the backup was accepted');
    })();
    expect(error).toBeInstanceOf(WorkbenchError);
    expect(error.message).toBe(
      'Record 1 of "drafts" in the backup is malformed: "createdAt" must be a date (milliseconds since 1970) (found "yesterday"). Nothing was restored.',
    );
    expect(rendered(error.localized!, 'en')).toBe(error.message);
    // Across a worker boundary and back, as the import worker sends it.
    const copy = WorkbenchError.from(structuredClone(error.toJSON()));
    expect(rendered(copy.localized!, 'zh-CN')).toBe(
      '备份中“drafts”的第 1 条记录格式有误：“createdAt”必须是日期（自 1970 年起的毫秒数）（实际为 "yesterday"）。未恢复任何内容。',
    );
  });

  it('make the headline ErrorMessage shows: the lead, then the reason, in the UI language', () => {
    const error = refusal(reason('backupTooLarge', { size: 200, limit: 100 }));
    const headline = (language: 'en' | 'zh-CN') => {
      const t = inLanguage(language);
      return t('errors.withLead', { lead: t('backup.restoreFailed'), reason: rendered(error.localized!, language) });
    };
    expect(headline('en')).toBe('Nothing was restored. The file is 200 MB; backups of up to 100 MB can be restored (the limit).');
    expect(headline('zh-CN')).toBe('未恢复任何内容。文件大小为 200 MB；最多只能恢复 100 MB 的备份（上限）。');
  });

  it('keep user text in parameters literal: a placeholder in a file or a variable name is not interpolated again', () => {
    const file = JSON.stringify({
      format: TEMPLATE_FILE_FORMAT,
      version: 1,
      templates: [{ id: 't', name: 'Reply', body: 'Hello {{customer}}', variables: [] }],
    });
    const error = (() => {
      try {
        importTemplates(file);
      } catch (caught) {
        return caught as WorkbenchError;
      }
      throw new Error('the templates file was accepted');
    })();
    expect(rendered(error.localized!, 'zh-CN')).toBe('这不是有效的模板文件：templates[0]（“Reply”）使用了 {{customer}}，但没有声明。');
    expect(rendered(error.localized!, 'en')).toBe(error.message);
  });

  it('name pasted text and files in the UI language', async () => {
    const pasted = (() => {
      try {
        parsePastedText('   ');
      } catch (caught) {
        return caught as WorkbenchError;
      }
      throw new Error('accepted');
    })();
    expect(rendered(pasted.localized!, 'zh-CN')).toBe('粘贴的文本是空的。');
    const binary = await parseFeedbackFile({ name: 'reviews.csv', bytes: new Uint8Array([0, 1, 2, 3, 255, 0, 16, 0]) }).then(
      () => null,
      (caught: WorkbenchError) => caught,
    );
    expect(binary).toBeInstanceOf(WorkbenchError);
    expect(rendered(binary!.localized!, 'zh-CN')).toMatch(/^“reviews\.csv”不是文本文件/);
  });
});
