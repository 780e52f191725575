import { useSyncExternalStore } from 'react';
import type { Board } from '@archboard/shared';
import type { BoardContent } from './boardContent';
import type { BoardSession } from './BoardSession';

/** The board read from the doc: re-renders the caller after any change, local or remote. */
export function useBoard(session: BoardSession): Board {
  return useSyncExternalStore(session.board.subscribe, session.board.getSnapshot);
}

/** The board without its geometry (`BoardStore.getContent`): re-renders the caller only when more than positions and sizes changed. */
export function useBoardContent(session: BoardSession): BoardContent {
  return useSyncExternalStore(session.board.subscribe, session.board.getContent);
}
