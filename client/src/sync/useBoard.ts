import { useSyncExternalStore } from 'react';
import type { Board } from '@archboard/shared';
import type { BoardSession } from './BoardSession';

/** The board read from the doc: re-renders the caller after any change, local or remote. */
export function useBoard(session: BoardSession): Board {
  return useSyncExternalStore(session.board.subscribe, session.board.getSnapshot);
}
