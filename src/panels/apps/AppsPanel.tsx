/**
 * Apps (应用市场): the market of apps built with the app format, running one, and the no-code
 * builder. App files dropped anywhere on the tab are installed like picked ones.
 */
import { useEffect, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PanelShell } from '../../ui/PanelShell';
import { startAppsSync, useApps } from './appsStore';
import { Builder } from './Builder';
import { Market } from './Market';
import { RunView } from './RunView';
import './apps.css';

function carriesFiles(event: DragEvent): boolean {
  return [...event.dataTransfer.types].includes('Files');
}

export function AppsPanel() {
  const { t } = useTranslation();
  const init = useApps((s) => s.init);
  const view = useApps((s) => s.view);
  const draft = useApps((s) => s.draft);
  const listings = useApps((s) => s.listings);
  const importFiles = useApps((s) => s.importFiles);
  const showMarket = useApps((s) => s.showMarket);
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    startAppsSync();
    void init();
  }, [init]);

  const running = view.kind === 'run' ? listings.find((listing) => listing.definition.id === view.appId)?.definition : undefined;
  return (
    <PanelShell
      name="apps"
      title={t('apps.title')}
      intro={t('apps.intro')}
      className={dragging ? 'apps-dropping' : undefined}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        // Prevented everywhere on the tab, so a file dropped beside a target never replaces the page.
        event.preventDefault();
        if (view.kind === 'build') {
          event.dataTransfer.dropEffect = 'none';
          return;
        }
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDragging(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDragging(false);
        const files = [...event.dataTransfer.files];
        // The builder's draft is not thrown away for a drop: files are installed from the market or a run.
        if (files.length === 0 || view.kind === 'build') return;
        // A running app keeps running (its view stays); otherwise the market shows what the import did.
        if (useApps.getState().runState.status !== 'running') showMarket();
        void importFiles(files);
      }}
    >
      {dragging ? (
        <p className="apps-drop-banner" data-testid="apps-drop-banner">
          {t('apps.import.dropHere')}
        </p>
      ) : null}
      {view.kind === 'build' && draft ? <Builder app={draft} /> : running ? <RunView app={running} /> : <Market />}
    </PanelShell>
  );
}
