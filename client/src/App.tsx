import { lazy, Suspense } from 'react';
import { SignInCallback } from './auth/SignInCallback';
import { LandingPage } from './landing/LandingPage';
import { followLink, useRoute } from './router';

// The board (React Flow, Yjs, the providers) loads only when a board is opened, once:
// main.tsx starts it before the first render to open the board's socket early, and what it
// chains on this promise runs before the page renders.
const importBoardPage = () => import('./BoardPage');
let boardPageModule: ReturnType<typeof importBoardPage> | null = null;
export const loadBoardPage = () => (boardPageModule ??= importBoardPage());
const BoardPage = lazy(async () => ({ default: (await loadBoardPage()).BoardPage }));

export function App() {
  const route = useRoute();
  switch (route.page) {
    case 'landing':
      return <LandingPage />;
    case 'sign-in-callback':
      return <SignInCallback />;
    case 'board':
      return (
        <Suspense fallback={<div className="board-loading">Opening board…</div>}>
          <BoardPage boardId={route.boardId} token={route.token} />
        </Suspense>
      );
    case 'not-found':
      return (
        <div className="board-error">
          <div className="board-error__card">
            <h1>Page not found</h1>
            <p>There is nothing at this address.</p>
            <a className="button button--primary" href="/" onClick={followLink}>
              Go to your boards
            </a>
          </div>
        </div>
      );
  }
}
