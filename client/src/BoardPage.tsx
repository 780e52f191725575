import { useEffect, useMemo, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { isBoardId, peekClaims, type BoardId, type Role } from '@archboard/shared';
import { BoardErrorView } from './BoardErrorView';
import { BoardWorkspace } from './BoardWorkspace';
import { ViewStore } from './canvas/ViewStore';
import { ViewStoreContext } from './canvas/ViewStoreContext';
import { loadLocalUser } from './presence/localUser';
import { findRecentBoard, useRecentBoards } from './recentBoards';
import { boardPath, navigate } from './router';
import { SessionContext } from './sync/SessionContext';
import { useBoardSession } from './sync/useBoardSession';

/**
 * `/b/<id>#token=…`. A link without a token falls back to one this browser remembers for
 * the board; a token that is not a board token at all, or is another board's, is refused
 * before connecting.
 */
export function BoardPage({ boardId, token }: { boardId: string; token: string | undefined }) {
  const recent = useRecentBoards().find((b) => b.id === boardId);
  const effective = token ?? recent?.editToken ?? recent?.viewToken;
  useEffect(() => {
    if (!token && effective) navigate(boardPath(boardId, effective), { replace: true });
  }, [boardId, token, effective]);
  if (!isBoardId(boardId)) return <BoardErrorView error={{ code: 'bad-request', reason: 'not a board address' }} />;
  if (!effective) return <BoardErrorView error={{ code: 'missing-token' }} />;
  const claims = peekClaims(effective);
  if (!claims) return <BoardErrorView error={{ code: 'invalid-link' }} />;
  // Another board's token: the server would refuse it (4403); say so before connecting.
  if (claims.sub !== boardId) return <BoardErrorView error={{ code: 'forbidden' }} />;
  return <OpenBoard key={`${boardId}:${effective}`} boardId={boardId} token={effective} role={claims.role} />;
}

function OpenBoard({ boardId, token, role }: { boardId: BoardId; token: string; role: Role }) {
  const [user] = useState(loadLocalUser);
  const [initialTitle] = useState(() => findRecentBoard(boardId)?.title ?? 'Untitled board');
  const session = useBoardSession(boardId, token, role, user, initialTitle);
  const viewStore = useMemo(() => (session ? new ViewStore() : null), [session]);
  if (!session || !viewStore) return <div className="board-loading">Opening board…</div>;
  return (
    <SessionContext.Provider value={session}>
      <ViewStoreContext.Provider value={viewStore}>
        <ReactFlowProvider>
          <BoardWorkspace session={session} me={user} />
        </ReactFlowProvider>
      </ViewStoreContext.Provider>
    </SessionContext.Provider>
  );
}
