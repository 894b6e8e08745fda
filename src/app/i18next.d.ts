// Types t() keys against the English resources, so a typo or missing key fails `tsc`.
import 'i18next';
import type { en } from './locales';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}
