/** A step's operation in the UI's language (explicit keys so the i18n test and `tsc` see them). */
import type { TFunction } from 'i18next';
import type { StepOp } from '../../apps';

export function opLabel(t: TFunction, op: StepOp): string {
  switch (op) {
    case 'classify':
      return t('apps.ops.classify');
    case 'filter':
      return t('apps.ops.filter');
    case 'themes':
      return t('apps.ops.themes');
    case 'summarize':
      return t('apps.ops.summarize');
    case 'generate':
      return t('apps.ops.generate');
    case 'answer':
      return t('apps.ops.answer');
    case 'count':
      return t('apps.ops.count');
  }
}
