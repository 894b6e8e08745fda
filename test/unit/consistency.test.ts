/**
 * One way to write a date and a sentiment label across the app (issue 15, point 9): a saved
 * classifier read "12/4/2026, 5:09:55 AM" beside a dataset's "Dec 4, 2026, 4:58 AM", and Classify
 * said "POSITIVE" where Insights said "Positive".
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../src/app/locales';
import { formatDateTime } from '../../src/ui/format';
import { polarityText, sentimentLabelText } from '../../src/ui/sentimentLabels';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('dates', () => {
  it('have one format, the medium date with the short time', () => {
    const at = new Date(2026, 11, 4, 4, 58, 12);
    expect(formatDateTime(at, 'en')).toMatch(/^Dec 4, 2026,? 4:58\s?AM$/);
    expect(formatDateTime(at.getTime(), 'en')).toBe(formatDateTime(at, 'en'));
    expect(formatDateTime(at, 'zh-CN')).toMatch(/^2026年12月4日 04:58$/);
  });

  it('are formatted nowhere else in the UI (no toLocaleString, no DateTimeFormat of its own)', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => !file.endsWith(path.join('ui', 'format.ts')))
      .filter((file) => /src[\\/](panels|ui|app)[\\/]/.test(file))
      .filter((file) => /DateTimeFormat|toLocaleDateString|toLocaleTimeString|new Date\([^)]*\)\.toLocaleString/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => path.relative(SRC, file))).toEqual([]);
  });
});

describe('sentiment labels', () => {
  for (const lng of ['en', 'zh-CN'] as const) {
    it(`read the same in Classify and Insights (${lng})`, async () => {
      const i18n = i18next.createInstance();
      await i18n.init({ lng, resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
      const t = i18n.t.bind(i18n);
      for (const [model, polarity] of [
        ['POSITIVE', 'positive'],
        ['NEGATIVE', 'negative'],
        ['neutral', 'neutral'],
      ] as const) {
        expect(sentimentLabelText(t, model)).toBe(polarityText(t, polarity));
      }
      expect(sentimentLabelText(t, 'POSITIVE')).toBe(lng === 'en' ? 'Positive' : '正面');
      // Any other label (stars, a custom category) is shown as the model wrote it.
      expect(sentimentLabelText(t, '5 stars')).toBe('5 stars');
      expect(sentimentLabelText(t, 'Billing')).toBe('Billing');
    });
  }
});
