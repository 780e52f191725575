import type { BoardId, Role } from '@archboard/shared';
import { loadLocalUser } from '../presence/localUser';
import { findRecentBoard } from '../recentBoards';
import { BoardSession, type BoardSessionOptions } from './BoardSession';

/** What a board page needs to open its session, settled before anything renders. */
export type SessionStart = BoardSessionOptions;

const sessionKey = (boardId: string, token: string) => `${boardId}:${token}`;

export function sessionStart(boardId: BoardId, token: string, role: Role): SessionStart {
  return {
    boardId,
    token,
    role,
    user: loadLocalUser(),
    initialTitle: findRecentBoard(boardId)?.title ?? 'Untitled board',
  };
}

let early: { key: string; start: SessionStart; session: BoardSession } | null = null;

/**
 * Opens a board's session before React renders the page: the socket handshake and the
 * server's first sync then overlap the page's first render instead of following it.
 */
export function openSessionEarly(start: SessionStart): void {
  early?.session.destroy();
  early = { key: sessionKey(start.boardId, start.token), start, session: new BoardSession(start) };
}

/**
 * The start of the session opened early for this board and token, if there is one. Only a
 * look: a render may be thrown away (a suspense), so the session is taken in an effect.
 */
export function earlySessionStart(boardId: string, token: string): SessionStart | null {
  return early?.key === sessionKey(boardId, token) ? early.start : null;
}

/**
 * Takes the early session if it was opened with this very start; an early session nobody
 * takes is closed, since no page will.
 */
export function claimEarlySession(start: SessionStart): BoardSession | null {
  const taken = early;
  early = null;
  if (taken?.start === start) return taken.session;
  taken?.session.destroy();
  return null;
}
