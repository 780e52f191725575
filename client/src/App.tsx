import { lazy, Suspense } from 'react';
import { SignInCallback } from './auth/SignInCallback';
import { LandingPage } from './landing/LandingPage';
import { followLink, useRoute } from './router';

// The board (React Flow, Yjs, the providers) loads only when a board is opened, once:
// main.tsx starts it before the first render to open the board's socket early, and what it
// chains on this promise runs before the page renders.
const importBoardPage = () => import('./BoardPage');
type BoardPageModule = Awaited<ReturnType<typeof importBoardPage>>;
let boardPageModule: Promise<BoardPageModule> | null = null;
let loadedBoardPage: BoardPageModule | null = null;
export const loadBoardPage = () => (boardPageModule ??= importBoardPage().then((module) => (loadedBoardPage = module)));
const LazyBoardPage = lazy(async () => ({ default: (await loadBoardPage()).BoardPage }));

export function App() {
  const route = useRoute();
  switch (route.page) {
    case 'landing':
      return <LandingPage />;
    case 'sign-in-callback':
      return <SignInCallback />;
    case 'board': {
      // Once loaded, the page renders without suspending: React holds back what a suspense
      // reveals for 300 ms after its fallback showed, a third of a board's load.
      const BoardPage = loadedBoardPage?.BoardPage;
      if (BoardPage) return <BoardPage boardId={route.boardId} token={route.token} />;
      return (
        <Suspense fallback={<div className="board-loading">Opening board…</div>}>
          <LazyBoardPage boardId={route.boardId} token={route.token} />
        </Suspense>
      );
    }
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
