/** App name, tab navigation, backend in use and the language switch: on one line when they fit, else on two rows (headerLayout.ts). */
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useSettings } from '../state/settings';
import { BackendBadge } from '../ui/BackendBadge';
import { useHeaderLayout } from './headerLayout';
import { LanguageSwitcher } from './LanguageSwitcher';
import { PANELS } from './panels';
import { routeHref, type Route } from './useHashRoute';

export function Header({ route }: { route: Route }) {
  const { t } = useTranslation();
  const preset = useSettings((s) => s.preset);
  const header = useRef<HTMLElement>(null);
  const layout = useHeaderLayout(header);
  return (
    <header className="app-header" ref={header} data-layout={layout} data-testid="app-header">
      {/* The tagline is the brand's tooltip: beside ten tabs it cost the header its one line. */}
      <div className="brand" title={t('app.tagline')}>
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">{t('app.name')}</span>
      </div>
      <nav className="tabs" aria-label={t('nav.label')}>
        {PANELS.map(({ route: r, label }) => (
          <a
            key={r}
            href={routeHref(r)}
            className={r === route ? 'tab active' : 'tab'}
            aria-current={r === route ? 'page' : undefined}
            data-testid={`nav-${r}`}
          >
            {t(label)}
          </a>
        ))}
      </nav>
      <div className="header-status">
        {preset === 'fixtures' ? (
          <span className="badge badge-warn" data-testid="preset-badge" title={t('settings.presetFixturesHint')}>
            {t('header.testModels')}
          </span>
        ) : null}
        <BackendBadge />
        <LanguageSwitcher />
      </div>
    </header>
  );
}
