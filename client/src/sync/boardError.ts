import { CLOSE } from '@archboard/shared';

/**
 * Why a board cannot be shown, as the user sees it: a union keyed by `code` (STYLE §4).
 * Each one is final: reconnecting with the same link cannot help.
 */
export type BoardError =
  | { code: 'missing-token' }
  | { code: 'invalid-link' }
  | { code: 'forbidden' }
  | { code: 'bad-request'; reason: string }
  /** The server refused an update larger than it accepts; the board is still here, unsynced. */
  | { code: 'too-large' };

/** Errors about the link itself: the board cannot be shown at all. The others leave the board usable. */
export const isLinkError = (error: BoardError): boolean => error.code !== 'too-large';

/** The user-facing error for a close code the server marked final, or undefined for a transient one. */
export function errorForClose(code: number, reason: string): BoardError | undefined {
  switch (code) {
    case CLOSE.unauthorized.code:
      return { code: 'invalid-link' };
    case CLOSE.forbidden.code:
      return { code: 'forbidden' };
    case CLOSE.badRequest.code:
      return { code: 'bad-request', reason };
    case CLOSE.tooLarge.code:
      return { code: 'too-large' };
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
    case 'bad-request':
      return { title: 'This board cannot be opened', detail: `The server refused the request (${error.reason}).` };
    case 'too-large':
      return {
        title: 'A change is too large to share',
        detail:
          'The server refused an update larger than it accepts, so this tab stopped syncing. Your board is kept on this device.',
      };
  }
}
