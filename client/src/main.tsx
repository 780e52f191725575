import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import { App } from './App';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { followTheme } from './theme/theme';

// index.html has already set the theme before the first paint; this keeps it following
// the system and other tabs.
followTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerServiceWorker();
