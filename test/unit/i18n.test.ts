/**
 * The two resource files must match key for key, have no empty messages, use the same
 * interpolation variables, and contain every key the source uses: literal `t('...')` keys found
 * by scanning src/, plus the key families built at run time (errors.<code>).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, zhCN } from '../../src/app/locales';
import { ERROR_CODES } from '../../src/ui/errors';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) flatten(value, path, out);
    else out.set(path, value);
  }
  return out;
}

const resources = { en: flatten(en as Tree), 'zh-CN': flatten(zhCN as Tree) };
const PLURAL_SUFFIXES = ['_zero', '_one', '_two', '_few', '_many', '_other'];

/** A key exists as itself or as plural forms (`key_one`, `key_other`, ...). */
function hasKey(keys: Map<string, unknown>, key: string): boolean {
  return keys.has(key) || keys.has(`${key}_other`);
}

function variables(message: string): string[] {
  return [...message.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] ?? '').sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const SRC = resolve(__dirname, '../../src');
/** `t('key'`, `t("key"`, `t(\`key\`` and `i18n.t(...)`, not `split(` or `set(`. */
const T_CALL = /(?<![\w$])t\(\s*(['"`])((?:(?!\1)[^\\\n])+)\1/g;

function usedKeys(): { literal: Map<string, string>; dynamic: Map<string, string> } {
  const literal = new Map<string, string>();
  const dynamic = new Map<string, string>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(T_CALL)) {
      const key = match[2] ?? '';
      const where = file.slice(SRC.length + 1);
      if (key.includes('${')) dynamic.set(key, where);
      else literal.set(key, where);
    }
  }
  return { literal, dynamic };
}

describe('i18n resources', () => {
  it('have exactly the same keys in English and Simplified Chinese', () => {
    const enKeys = [...resources.en.keys()].sort();
    const zhKeys = [...resources['zh-CN'].keys()].sort();
    expect(
      zhKeys.filter((k) => !resources.en.has(k)),
      'only in zh-CN.json',
    ).toEqual([]);
    expect(
      enKeys.filter((k) => !resources['zh-CN'].has(k)),
      'only in en.json',
    ).toEqual([]);
    expect(zhKeys).toEqual(enKeys);
  });

  it('have no empty or non-string messages', () => {
    for (const [language, keys] of Object.entries(resources)) {
      for (const [key, value] of keys) {
        expect(typeof value, `${language}: ${key}`).toBe('string');
        expect((value as string).trim(), `${language}: ${key}`).not.toBe('');
      }
    }
  });

  it('use the same interpolation variables in both languages', () => {
    for (const [key, value] of resources.en) {
      const other = resources['zh-CN'].get(key);
      if (typeof value !== 'string' || typeof other !== 'string') continue;
      expect(variables(other), key).toEqual(variables(value));
    }
  });

  it('plural keys come with an _other form', () => {
    for (const keys of Object.values(resources)) {
      for (const key of keys.keys()) {
        const suffix = PLURAL_SUFFIXES.find((s) => key.endsWith(s));
        if (suffix) expect(keys.has(key.slice(0, -suffix.length) + '_other'), key).toBe(true);
      }
    }
  });

  it('in Chinese, a one-form says what the other-form says: Chinese has no singular, so i18next shows _other for one too', () => {
    // A text that must differ for one (e.g. "summarized in one pass") needs a key of its own.
    const zh = resources['zh-CN'];
    const differing = [...zh.keys()].filter((key) => key.endsWith('_one') && zh.get(key) !== zh.get(key.slice(0, -'_one'.length) + '_other'));
    expect(differing).toEqual([]);
  });

  it('is really translated: Chinese messages are not copies of the English ones', () => {
    const same = [...resources.en].filter(([key, value]) => resources['zh-CN'].get(key) === value).map(([key]) => key);
    // Product names, endonyms and technical terms are the same in both languages.
    const allowed =
      /^(language\.|backend\.(webgpu|cpu)$|settings\.backend(Webgpu|Wasm)$|models\.origin\.hub$|classify\.progressDetail$|addModel\.languagesPlaceholder$)/;
    expect(same.filter((key) => !allowed.test(key))).toEqual([]);
  });
});

describe('keys used in src/', () => {
  const { literal, dynamic } = usedKeys();

  it('finds the t() calls (the scan works)', () => {
    expect(literal.size).toBeGreaterThan(50);
    expect(literal.has('classify.run')).toBe(true);
  });

  it('every literal t() key exists in both languages', () => {
    const missing: string[] = [];
    for (const [key, file] of literal) {
      for (const [language, keys] of Object.entries(resources)) {
        if (!hasKey(keys, key)) missing.push(`${language}: ${key} (${file})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('keys built at run time belong to a family checked here', () => {
    const families = new Set([...dynamic.keys()].map((key) => key.slice(0, key.indexOf('${'))));
    expect([...families]).toEqual(['errors.']);
  });

  it('every error code has a message in both languages', () => {
    for (const code of ERROR_CODES) {
      for (const [language, keys] of Object.entries(resources)) {
        expect(keys.has(`errors.${code}`), `${language}: errors.${code}`).toBe(true);
      }
    }
  });
});
