import './noEval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/base.css';
import { App, loadBoardPage } from './App';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { parseRoute } from './router';
import { earlyBoardArrival } from './sync/earlySocket';
import { followTheme } from './theme/theme';

// index.html has already set the theme before the first paint; this keeps it following
// the system and other tabs.
followTheme();

// A board's session opens before React renders anything (BoardPage adopts the session). On
// a board's address the first render waits for the board page's code (preloaded beside this
// script), so that it renders the board at once instead of a fallback that React would keep
// for 300 ms; and for the board itself, which index.html's socket asked for, up to
// BOARD_WAIT_MS: the session then starts with the board, and the page renders it in one go
// instead of rendering an empty canvas first.
const BOARD_WAIT_MS = 400;
const route = parseRoute(location);
const boardPageReady =
  route.page === 'board'
    ? Promise.all([loadBoardPage(), earlyBoardArrival(BOARD_WAIT_MS)])
        .then(([page]) => page.openBoardEarly(route.boardId, route.token))
        .catch((error: unknown) => console.error('archboard: the board page did not load', error))
    : undefined;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
const render = () =>
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
if (boardPageReady) void boardPageReady.then(render);
else render();

if (import.meta.env.PROD) registerServiceWorker();
