import { useEffect, useState } from 'react';
import { BoardSession } from './BoardSession';
import { watchBoardFull } from './boardFull';
import { claimEarlySession, type SessionStart } from './earlySession';

/**
 * Opens a board session while the caller is mounted with this start, and closes it
 * (socket, IndexedDB, awareness) when it changes or on unmount. A session opened early
 * with this start (see earlySession) is taken instead of opening another.
 */
export function useBoardSession(start: SessionStart): BoardSession | null {
  const [session, setSession] = useState<BoardSession | null>(null);
  /** How many times the board was reopened because the server found it full (boardFull.ts). */
  const [reopened, setReopened] = useState(0);
  useEffect(() => {
    const opened = (reopened === 0 ? claimEarlySession(start) : null) ?? new BoardSession(start);
    if (reopened > 0) opened.connection.reopenedFull();
    const stopWatching = watchBoardFull(opened, () => setReopened((n) => n + 1));
    // The session is an external system (socket, IndexedDB) that must be created in an
    // effect so it is torn down with it; the state only hands the instance to render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSession(opened);
    return () => {
      stopWatching();
      opened.destroy();
      setSession((current) => (current === opened ? null : current));
    };
  }, [start, reopened]);
  return session;
}
