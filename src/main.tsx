import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Settings first: it applies the ?preset= / ?backend= URL overrides before anything reads them.
import './state/settings';
import { initI18n } from './i18n';
import { startWorkbench } from './services/workbench';
import { App } from './app/App';
import { en, zhCN } from './app/locales';
import './styles.css';

initI18n({ en, 'zh-CN': zhCN });
startWorkbench();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
