/** Localised task names and descriptions (explicit keys so the i18n test and `tsc` see them). */
import type { TFunction } from 'i18next';
import type { Task } from '../core';

export function taskLabel(t: TFunction, task: Task): string {
  switch (task) {
    case 'sentiment':
      return t('tasks.sentiment');
    case 'generation':
      return t('tasks.generation');
    case 'summarization':
      return t('tasks.summarization');
    case 'embeddings':
      return t('tasks.embeddings');
    case 'question-answering':
      return t('tasks.question-answering');
  }
}

export function taskDescription(t: TFunction, task: Task): string {
  switch (task) {
    case 'sentiment':
      return t('taskDescriptions.sentiment');
    case 'generation':
      return t('taskDescriptions.generation');
    case 'summarization':
      return t('taskDescriptions.summarization');
    case 'embeddings':
      return t('taskDescriptions.embeddings');
    case 'question-answering':
      return t('taskDescriptions.question-answering');
  }
}

/**
 * "en, zh" → "English, Chinese" in the UI language (Intl does the translating). The catalog's
 * "multilingual" is no language code, so Intl cannot name it: `t` does.
 */
export function languageNames(codes: readonly string[], locale: string, t: TFunction): string {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'language' });
  } catch {
    names = null;
  }
  const list = codes.map((code) => {
    if (code === 'multilingual') return t('common.multilingual');
    try {
      return names?.of(code) ?? code;
    } catch {
      return code;
    }
  });
  try {
    return new Intl.ListFormat(locale, { style: 'short', type: 'conjunction' }).format(list);
  } catch {
    return list.join(', ');
  }
}
