import { useEffect, useState, useSyncExternalStore } from 'react';
import { can } from '@archboard/shared';
import type { BoardSession } from '../../sync/BoardSession';
import { HostNotesSession, type HostNotesState } from './HostNotesSession';

/**
 * The host's private document while the caller is mounted, opened only when the page's
 * role has the `interview` right; null for every other role, whose page never asks the
 * server for it.
 */
export function useHostNotesSession(session: BoardSession): HostNotesSession | null {
  const host = can(session.role, 'interview');
  const [notes, setNotes] = useState<HostNotesSession | null>(null);
  useEffect(() => {
    if (!host) return;
    const opened = new HostNotesSession(session.boardId, session.token);
    // An external system (socket, IndexedDB) made in an effect so it is torn down with it,
    // as useBoardSession does; the state only hands the instance to render.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setNotes(opened);
    return () => {
      opened.destroy();
      setNotes((current) => (current === opened ? null : current));
    };
  }, [host, session.boardId, session.token]);
  return notes;
}

/** The notes and scorecard as the host document holds them now; re-renders on every change. */
export function useHostNotes(notes: HostNotesSession): HostNotesState {
  return useSyncExternalStore(notes.subscribe, notes.getSnapshot);
}
