/** Translated names of template and field kinds: literal keys, so the i18n check sees each one. */
import type { TFunction } from 'i18next';
import type { TemplateKind, VariableKind } from '../../content/templates';

export function templateKindLabels(t: TFunction): Record<TemplateKind, string> {
  return {
    'product-description': t('write.templateKind.productDescription'),
    'marketing-copy': t('write.templateKind.marketingCopy'),
    'support-reply': t('write.templateKind.supportReply'),
    'press-release': t('write.templateKind.pressRelease'),
    'release-notes': t('write.templateKind.releaseNotes'),
    custom: t('write.templateKind.custom'),
  };
}

export function variableKindLabels(t: TFunction): Record<VariableKind, string> {
  return {
    text: t('write.variableKind.text'),
    multiline: t('write.variableKind.multiline'),
    list: t('write.variableKind.list'),
  };
}
