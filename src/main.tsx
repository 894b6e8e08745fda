import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Settings first: it applies the ?preset= / ?backend= URL overrides before anything reads them.
import './state/settings';
import { initI18n } from './i18n';
import { startWorkbench } from './app/workbench';
import { App } from './app/App';
import './styles.css';

initI18n();
startWorkbench();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
