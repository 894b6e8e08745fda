/** The shell: header with tabs, the cross-origin notice and the active panel. */
import { Suspense, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { PANELS } from './panels';
import { CrossOriginNotice } from './CrossOriginNotice';
import { Header } from './Header';
import { TEST_HOOKS_ENABLED } from '../core/testHooks';
import { PanelErrorBoundary } from '../ui/PanelErrorBoundary';
import { ReliabilityBanners } from './ReliabilityBanners';
import { useHashRoute, type Route } from './useHashRoute';

/**
 * Test builds only: a panel whose route is in sessionStorage's `llmaos-render-fault` throws while
 * rendering, so the e2e suite can show what the error boundary does with a panel that fails in a
 * way no data check foresaw. The production build compiles this away (TEST_HOOKS_ENABLED).
 */
function RenderFault({ route }: { route: Route }) {
  if (TEST_HOOKS_ENABLED && sessionStorage.getItem('llmaos-render-fault') === route) {
    throw new Error(`Render fault injected into the ${route} panel (test hook)`);
  }
  return null;
}

function Panel({ route }: { route: Route }) {
  const { t } = useTranslation();
  const entry = PANELS.find((panel) => panel.route === route) ?? PANELS[0]!;
  return (
    <PanelErrorBoundary resetKey={route}>
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        <RenderFault route={route} />
        <entry.Component />
      </Suspense>
    </PanelErrorBoundary>
  );
}

/**
 * The first tab stop: past the header's tabs straight to the panel. Not href="#main": the hash is
 * the app's route, so the link moves the focus itself.
 */
function SkipLink({ target }: { target: RefObject<HTMLElement | null> }) {
  const { t } = useTranslation();
  return (
    <a
      href="#main"
      className="skip-link"
      data-testid="skip-link"
      onClick={(event) => {
        event.preventDefault();
        target.current?.focus();
      }}
    >
      {t('app.skipToContent')}
    </a>
  );
}

export function App() {
  const route = useHashRoute();
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    // A link to a place inside a panel (#/models/import) leaves the scrolling to that place.
    if (/^#\/[^/?]+\/./.test(location.hash)) return;
    window.scrollTo(0, 0); // braces matter: newer browsers return a Promise from scrollTo
  }, [route]);
  return (
    <div className="app">
      <SkipLink target={main} />
      <Header route={route} />
      <CrossOriginNotice />
      <ReliabilityBanners />
      <main className="main" id="main" ref={main} tabIndex={-1}>
        <Panel route={route} />
      </main>
    </div>
  );
}
