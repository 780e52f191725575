import './noEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import { App, loadBoardPage } from './App';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { parseRoute } from './router';
import { followTheme } from './theme/theme';

// index.html has already set the theme before the first paint; this keeps it following
// the system and other tabs.
followTheme();

// A board's socket opens before React renders anything: its handshake and first sync then
// overlap the page's first render (BoardPage adopts the session).
const route = parseRoute(location);
if (route.page === 'board') void loadBoardPage().then((page) => page.openBoardEarly(route.boardId, route.token));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if (import.meta.env.PROD) registerServiceWorker();
