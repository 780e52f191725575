import { useEffect, useState } from 'react';
import type { BoardId, Role } from '@archboard/shared';
import type { LocalUser } from '../presence/localUser';
import { BoardSession } from './BoardSession';

/**
 * Opens a board session while the caller is mounted with this board and token, and
 * closes it (socket, IndexedDB, awareness) when they change or on unmount.
 */
export function useBoardSession(
  boardId: BoardId,
  token: string,
  role: Role,
  user: LocalUser,
  initialTitle: string,
): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);
  useEffect(() => {
    const opened = new BoardSession({ boardId, token, role, user, initialTitle });
    // The session is an external system (socket, IndexedDB) that must be created in an
    // effect so it is torn down with it; the state only hands the instance to render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession(opened);
    return () => {
      opened.destroy();
      setSession((current) => (current === opened ? null : current));
    };
  }, [boardId, token, role, user, initialTitle]);
  return session;
}
