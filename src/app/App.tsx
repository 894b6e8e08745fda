/** The shell: header with tabs, the cross-origin notice and the active panel. */
import { Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { PANELS } from './panels';
import { CrossOriginNotice } from './CrossOriginNotice';
import { Header } from './Header';
import { PanelErrorBoundary } from '../ui/PanelErrorBoundary';
import { ReliabilityBanners } from './ReliabilityBanners';
import { useHashRoute, type Route } from './useHashRoute';

function Panel({ route }: { route: Route }) {
  const { t } = useTranslation();
  const entry = PANELS.find((panel) => panel.route === route) ?? PANELS[0]!;
  return (
    <PanelErrorBoundary resetKey={route}>
      <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
        <entry.Component />
      </Suspense>
    </PanelErrorBoundary>
  );
}

export function App() {
  const route = useHashRoute();
  useEffect(() => {
    // A link to a place inside a panel (#/models/import) leaves the scrolling to that place.
    if (/^#\/[^/?]+\/./.test(location.hash)) return;
    window.scrollTo(0, 0); // braces matter: newer browsers return a Promise from scrollTo
  }, [route]);
  return (
    <div className="app">
      <Header route={route} />
      <CrossOriginNotice />
      <ReliabilityBanners />
      <main className="main" id="main">
        <Panel route={route} />
      </main>
    </div>
  );
}
