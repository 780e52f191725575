import { CLOSE } from '@archboard/shared';

/**
 * Why a board cannot be shown, as the user sees it: a union keyed by `code` (STYLE §4).
 * Each one is final: reconnecting with the same link cannot help.
 */
export type BoardError =
  | { code: 'missing-token' }
  | { code: 'invalid-link' }
  | { code: 'forbidden' }
  /** The owner reset the board's links (4410): this one no longer works. */
  | { code: 'link-reset' }
  /** The owner deleted the board (4404). */
  | { code: 'board-deleted' }
  /** An organisation-only board, and this tab is not signed in (or its sign-in expired) (4407). */
  | { code: 'sign-in-required' }
  /** A view link made to expire, past its time: read from the link before connecting, or closed (4401) at that time. */
  | { code: 'link-expired' }
  | { code: 'bad-request'; reason: string }
  /** The server refused an update larger than it accepts; the board is still here, unsynced. */
  | { code: 'too-large' }
  /** The board holds as much as the server stores for one board; the tab reloads it from the server (boardFull.ts). */
  | { code: 'board-full' };

/** Errors about the link itself: the board cannot be shown at all. The others leave the board usable. */
export const isLinkError = (error: BoardError): boolean => error.code !== 'too-large' && error.code !== 'board-full';

/**
 * How far this clock may run behind the server's with a 4401 still read as the link's
 * expiry: the server closes an open connection at its token's `exp` by its own clock.
 */
const EXPIRY_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The user-facing error for a close code the server marked final, or undefined for a
 * transient one. `linkExpiresAt` (ms since the epoch): the link's `exp`, when it has one. The
 * server answers an expired token with the same 4401 as a bad one, so a 4401 on a link at
 * (or about at) its expiry is told as the link expiring.
 */
export function errorForClose(
  code: number,
  reason: string,
  linkExpiresAt?: number,
  now = Date.now(),
): BoardError | undefined {
  switch (code) {
    case CLOSE.unauthorized.code:
      return linkExpiresAt !== undefined && linkExpiresAt <= now + EXPIRY_CLOCK_SKEW_MS
        ? { code: 'link-expired' }
        : { code: 'invalid-link' };
    case CLOSE.forbidden.code:
      return { code: 'forbidden' };
    case CLOSE.linkRevoked.code:
      return { code: 'link-reset' };
    case CLOSE.boardDeleted.code:
      return { code: 'board-deleted' };
    case CLOSE.signInRequired.code:
      return { code: 'sign-in-required' };
    case CLOSE.badRequest.code:
      return { code: 'bad-request', reason };
    // Presence for someone else's client id: an honest client never sends it.
    case CLOSE.presenceSpoofing.code:
      return { code: 'bad-request', reason };
    case CLOSE.tooLarge.code:
      return { code: 'too-large' };
    case CLOSE.boardFull.code:
      return { code: 'board-full' };
    default:
      return undefined;
  }
}

export function describeBoardError(error: BoardError): { title: string; detail: string } {
  switch (error.code) {
    case 'missing-token':
      return {
        title: 'This link is incomplete',
        detail: 'Board links carry their access key after the # sign. Ask for the full link to be shared again.',
      };
    case 'invalid-link':
      return {
        title: 'This link is not valid',
        detail: 'Its access key was not accepted: it may have been copied incompletely or revoked.',
      };
    case 'forbidden':
      return {
        title: 'This link is not valid for this board',
        detail: 'The access key in the link belongs to a different board.',
      };
    case 'link-reset':
      return {
        title: 'This link was reset',
        detail: 'This link was reset by the board’s owner; ask for a new one.',
      };
    case 'board-deleted':
      return { title: 'This board was deleted', detail: 'Its owner deleted it, with its history, for everyone.' };
    case 'sign-in-required':
      return {
        title: 'Sign in to open this board',
        detail:
          'This board is for signed-in members of its organisation: it opens with its link once you have signed in.',
      };
    case 'link-expired':
      return { title: 'This link has expired', detail: 'It was made to work for a limited time; ask for a new one.' };
    case 'bad-request':
      return { title: 'This board cannot be opened', detail: `The server refused the request (${error.reason}).` };
    case 'too-large':
      return {
        title: 'A change is too large to share',
        detail:
          'The server refused an update larger than it accepts, so this tab stopped syncing. Your board is kept on this device.',
      };
    case 'board-full':
      return {
        title: 'This board is full',
        detail:
          'It holds as much as the server keeps for one board, so your last change was not saved and this tab shows the board as the server has it. Deleting still works: remove what you no longer need to make room, or start a new board for the rest.',
      };
  }
}
