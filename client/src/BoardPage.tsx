import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { isBoardId, peekClaims, type BoardId, type Role } from '@archboard/shared';
import { BoardErrorView } from './BoardErrorView';
import { BoardWorkspace } from './BoardWorkspace';
import { ViewStore } from './canvas/ViewStore';
import { ViewStoreContext } from './canvas/ViewStoreContext';
import { findRecentBoard, useRecentBoards, type RecentBoard } from './recentBoards';
import { boardPath, navigate } from './router';
import type { BoardError } from './sync/boardError';
import { SessionContext } from './sync/SessionContext';
import { earlySessionStart, openSessionEarly, sessionStart } from './sync/earlySession';
import { useBoardSession } from './sync/useBoardSession';

/** The board a page may open with a token, or why it may not (before connecting). */
type Opening = { boardId: BoardId; token: string; role: Role } | { error: BoardError };

function resolveOpening(boardId: string, token: string | undefined): Opening {
  if (!isBoardId(boardId)) return { error: { code: 'bad-request', reason: 'not a board address' } };
  if (!token) return { error: { code: 'missing-token' } };
  const claims = peekClaims(token);
  if (!claims) return { error: { code: 'invalid-link' } };
  // Another board's token: the server would refuse it (4403); say so before connecting.
  if (claims.sub !== boardId) return { error: { code: 'forbidden' } };
  // A view link made to expire, past its time: the server would refuse it (4401); say why.
  if (claims.exp !== undefined && claims.exp * 1000 <= Date.now()) return { error: { code: 'link-expired' } };
  return { boardId, token, role: claims.role };
}

/** The token of the strongest role this browser remembers for the board. */
const strongestToken = (recent: RecentBoard | undefined): string | undefined =>
  recent?.ownerToken ?? recent?.editToken ?? recent?.viewToken;

/**
 * Called once before React renders a board address: opens the session at once so the
 * socket and the first sync overlap the first render. The page adopts it.
 */
export function openBoardEarly(boardId: string, token: string | undefined): void {
  const recent = findRecentBoard(boardId);
  const opening = resolveOpening(boardId, token ?? strongestToken(recent));
  if ('error' in opening) return;
  openSessionEarly(sessionStart(opening.boardId, opening.token, opening.role));
}

/**
 * `/b/<id>#token=…`. A link without a token falls back to one this browser remembers for
 * the board; a token that is not a board token at all, or is another board's, is refused
 * before connecting.
 */
export function BoardPage({ boardId, token }: { boardId: string; token: string | undefined }) {
  const recent = useRecentBoards().find((b) => b.id === boardId);
  const effective = token ?? strongestToken(recent);
  useEffect(() => {
    if (!token && effective) navigate(boardPath(boardId, effective), { replace: true });
  }, [boardId, token, effective]);
  const opening = resolveOpening(boardId, effective);
  if ('error' in opening) return <BoardErrorView error={opening.error} />;
  return <OpenBoard key={`${opening.boardId}:${opening.token}`} {...opening} />;
}

function OpenBoard({ boardId, token, role }: { boardId: BoardId; token: string; role: Role }) {
  const [start] = useState(() => earlySessionStart(boardId, token) ?? sessionStart(boardId, token, role));
  const session = useBoardSession(start);
  const viewStore = useMemo(() => (session ? new ViewStore() : null), [session]);
  if (!session || !viewStore) return <div className="board-loading">Opening board…</div>;
  return (
    <SessionContext.Provider value={session}>
      <ViewStoreContext.Provider value={viewStore}>
        <ReactFlowProvider>
          <BoardWorkspace session={session} me={start.user} />
        </ReactFlowProvider>
      </ViewStoreContext.Provider>
    </SessionContext.Provider>
  );
}
