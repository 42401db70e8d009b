import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { initI18n } from './app/i18n';
import { registerServiceWorker } from './app/offline/registerServiceWorker';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');

// The current language's texts arrive first (one small chunk), then the first render.
void initI18n().then(() =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

registerServiceWorker();
