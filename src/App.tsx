/** The shell: header with tabs, the cross-origin notice and the active panel. */
import { useEffect } from 'react';
import { ClassifyPanel } from './panels/classify/ClassifyPanel';
import { ModelsPanel } from './panels/models/ModelsPanel';
import { SettingsPanel } from './panels/settings/SettingsPanel';
import { CrossOriginNotice } from './ui/CrossOriginNotice';
import { Header } from './ui/Header';
import { useHashRoute, type Route } from './ui/useHashRoute';

function Panel({ route }: { route: Route }) {
  switch (route) {
    case 'classify':
      return <ClassifyPanel />;
    case 'models':
      return <ModelsPanel />;
    case 'settings':
      return <SettingsPanel />;
  }
}

export function App() {
  const route = useHashRoute();
  useEffect(() => {
    window.scrollTo(0, 0); // braces matter: newer browsers return a Promise from scrollTo
  }, [route]);
  return (
    <div className="app">
      <Header route={route} />
      <CrossOriginNotice />
      <main className="main" id="main">
        <Panel route={route} />
      </main>
    </div>
  );
}
